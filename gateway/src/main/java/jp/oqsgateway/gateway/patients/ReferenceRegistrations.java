package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.bulk.BulkExchange;
import jp.oqsgateway.gateway.oqs.link.OqsLink;

/**
 * Registers the chart patient id as 照会番号 (OQS-PROTOCOL.md §2.8) for the qualification of the
 * patient's active link: one patient through {@code OQSsiimm01} ({@link SingleRegistrations}), a
 * person's retry of a failed one ({@link RegistrationRetry}), many through one {@code
 * OQSmuimm01/02} exchange ({@link BulkRegistrations}, {@link BulkProtocol}), and, when configured,
 * automatically once after a link is created ({@link AutomaticRegistration}). Each registration is
 * stored WAITING before anything is sent and follows its exchange to the end, also across a restart
 * ({@link RegistrationRecovery}); callers wait a bounded time. Refusals are {@link Rejection}s.
 */
public final class ReferenceRegistrations {
  /** What one patient of a bulk registration came to. */
  public record BulkItem(
      String chartPatientId,
      String outcome,
      Optional<ReferenceRegistration> registration,
      Optional<String> detail) {
    public static final String NO_ACTIVE_LINK = "NO_ACTIVE_LINK";
    public static final String NOT_REGISTRABLE = "NOT_REGISTRABLE";
  }

  /** A bulk registration; {@code finished} is false when the wait ended first. */
  public record BulkOutcome(UUID bulkId, boolean finished, List<BulkItem> items) {}

  private final ReferenceRegistrationStore store;
  private final String institutionCode;
  private final boolean autoRegister;
  private final SingleRegistrations singles;
  private final RegistrationRetry retries;
  private final AutomaticRegistration automatic;
  private final BulkRegistrations bulks;
  private final RegistrationRecovery recovery;

  public ReferenceRegistrations(
      ReferenceRegistrationStore store,
      PatientLinkStore links,
      OqsLink link,
      String institutionCode,
      boolean autoRegister) {
    this.store = store;
    this.institutionCode = institutionCode;
    this.autoRegister = autoRegister;
    RegistrationExchanges exchanges = new RegistrationExchanges(store, link, institutionCode);
    BulkProtocol protocol = new BulkProtocol(exchanges, new BulkExchange(link));
    this.singles = new SingleRegistrations(exchanges, links);
    this.retries = new RegistrationRetry(store, links, singles);
    this.automatic = new AutomaticRegistration(store, singles);
    this.bulks = new BulkRegistrations(store, links, protocol);
    this.recovery = new RegistrationRecovery(exchanges, singles, protocol);
  }

  /**
   * Why registrations cannot be made at all (a missing setting: {@link
   * Rejection.Kind#UNAVAILABLE}), or empty when they can.
   */
  public Optional<Rejection> unavailable() {
    return institutionCode.isEmpty()
        ? Optional.of(Rejection.noInstitutionCode("Registration unavailable"))
        : Optional.empty();
  }

  /**
   * Registers the patient's id for the qualification of the patient's active link; the registration
   * as it is when it ended or {@code wait} passed.
   */
  public Future<ReferenceRegistration> register(
      String chartPatientId, String requestedBy, Duration wait) {
    return whenAvailable(() -> singles.register(chartPatientId, requestedBy, wait));
  }

  /** A person's retry of a FAILED single registration (see {@link RegistrationRetry}). */
  public Future<ReferenceRegistration> retry(UUID id, String requestedBy, Duration wait) {
    return whenAvailable(() -> retries.retry(id, requestedBy, wait));
  }

  /** Registers many patients in one bulk exchange; a per-patient outcome each. */
  public Future<BulkOutcome> registerBulk(
      List<String> chartPatientIds, String requestedBy, Duration wait) {
    return whenAvailable(() -> bulks.register(chartPatientIds, requestedBy, wait));
  }

  /**
   * As {@link #registerBulk(List, String, Duration)} under {@code bulkId} (a job's item): the rows
   * are inserted under it before the upload, so {@link #ofBulk} empty means nothing was sent.
   */
  public Future<BulkOutcome> registerBulk(
      List<String> chartPatientIds, String requestedBy, Duration wait, UUID bulkId) {
    return whenAvailable(() -> bulks.register(chartPatientIds, requestedBy, wait, bulkId));
  }

  /**
   * The chart patients with an active link whose qualification carries no 照会番号 and that has no
   * registration registered or waiting, in order.
   */
  public Future<List<String>> unregistered() {
    return store.unregistered();
  }

  /**
   * After a link was created: registers the patient's id once for that link, when configured and
   * the qualification does not carry it already. Never fails the caller; problems are logged.
   */
  public void onLinkCreated(PatientLink created) {
    if (autoRegister && unavailable().isEmpty()) {
      automatic.onLinkCreated(created);
    }
  }

  /**
   * Follows the registrations a previous run left WAITING (see {@link RegistrationRecovery}).
   * Completes when following began, with the number of rows found waiting.
   */
  public Future<Integer> resumeWaiting() {
    return recovery.resumeWaiting();
  }

  /** One registration, or empty when unknown. */
  public Future<Optional<ReferenceRegistration>> find(UUID id) {
    return store.find(id);
  }

  /** The registrations of one bulk request, in the order they were sent (empty when unknown). */
  public Future<List<ReferenceRegistration>> ofBulk(UUID bulkId) {
    return store.ofBulk(bulkId);
  }

  private <T> Future<T> whenAvailable(Supplier<Future<T>> work) {
    return unavailable().<Future<T>>map(Future::failedFuture).orElseGet(work);
  }
}
