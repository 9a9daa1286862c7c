package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistrationRequest;

/**
 * One patient's 照会番号 registration through {@code OQSsiimm01}: stored WAITING before anything is
 * sent, then sent and followed to its end ({@link Verdict#ofSingle}). Used by a caller's request,
 * by {@link RegistrationRetry}, {@link AutomaticRegistration} and {@link RegistrationRecovery}.
 */
final class SingleRegistrations {
  private final RegistrationExchanges exchanges;
  private final PatientLinkStore links;

  SingleRegistrations(RegistrationExchanges exchanges, PatientLinkStore links) {
    this.exchanges = exchanges;
    this.links = links;
  }

  /**
   * Registers the patient's id for the qualification of the patient's active link; the registration
   * as it is when it ended or {@code wait} passed. Rejected when the patient has no active link
   * (not found) or its qualification cannot carry a 照会番号 (conflict).
   */
  Future<ReferenceRegistration> register(String chartPatientId, String requestedBy, Duration wait) {
    return links
        .activeOf(List.of(chartPatientId))
        .compose(
            active -> {
              if (active.isEmpty()) {
                return Future.failedFuture(
                    Rejection.of(
                            Rejection.Kind.NOT_FOUND,
                            "no-active-link",
                            "No active link",
                            "this chart patient has no linked qualification")
                        .onField("chartPatientId"));
              }
              PatientLink l = active.get(0);
              ReferenceNumberRegistration reg =
                  Registrable.registrationOf(l)
                      .orElseThrow(
                          () ->
                              Rejection.conflict(
                                      "not-registrable",
                                      "Not registrable",
                                      Registrable.notRegistrable(l))
                                  .onField("chartPatientId"));
              ReferenceRegistration row = ReferenceRegistration.waiting(Optional.empty(), "api", l);
              return exchanges
                  .store()
                  .insertWaiting(List.of(row), requestedBy)
                  .compose(
                      ins ->
                          RegistrationExchanges.within(
                              send(row, reg), wait, ins.isEmpty() ? row : ins.get(0)));
            });
  }

  /** Sends the stored WAITING row and follows its exchange to the end. */
  Future<ReferenceRegistration> send(ReferenceRegistration row, ReferenceNumberRegistration reg) {
    var request =
        new ReferenceNumberRegistrationRequest(
            exchanges.institutionCode(), Optional.empty(), reg, List.of());
    return exchanges
        .send(row.id(), RequestKind.SIIMM01, request)
        .compose(exchangeId -> follow(row, exchangeId))
        .recover(
            e ->
                RegistrationExchanges.whenFailed(
                    e, row, () -> exchanges.finish(row.id(), Verdict.refused(e))));
  }

  /** Follows the row's exchange to its end and stores what it came to. */
  Future<ReferenceRegistration> follow(ReferenceRegistration row, UUID exchangeId) {
    return exchanges
        .outcomeOf(exchangeId)
        .compose(
            outcome ->
                exchanges.finish(
                    row.id(),
                    Verdict.ofExchange(outcome)
                        .orElseGet(() -> Verdict.ofSingle(outcome.result().orElseThrow()))));
  }
}
