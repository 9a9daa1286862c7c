package jp.oqsgateway.gateway.qualification;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.link.FaceResultHandler;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * Qualification checks by insurance-card numbers. A check is stored before anything is sent, then
 * follows its own OQS exchange to the end, so no answer can be missed by a race, and a restart
 * simply follows the checks still waiting. Callers may wait a bounded time for the end. The work is
 * done by package-private parts: {@link CheckExchanges} (send and follow), {@link StaleFallback},
 * {@link CardReadings}, {@link CheckWaiters}, {@link CheckEnds} and {@link CheckRecovery}.
 */
public final class QualificationChecks {
  /** Who a check made from a card reading was requested by: the terminal's face reader. */
  public static final String CARD_READER = "face-reader";

  /** The source of the checks the terminal's face-auth reader's readings become. */
  public static final String FACE_SOURCE = "face";

  /** The reader id of the terminal's face-auth reader, on the checks its readings become. */
  public static final String FACE_READER = "face";

  private final CheckStore store;
  private final String institutionCode;
  private final CheckWaiters waiters;
  private final CheckEnds ends;
  private final CheckExchanges exchanges;
  private final OqsLink link;
  private boolean answersJoined;

  /**
   * The checks, not yet following what a previous run left: {@link #joinEnding} the participants
   * first, then {@link #resume}, so that no end (not even one found at start) misses them.
   *
   * @param staleFallback while the link is DOWN, serve the last known answer marked stale and queue
   *     the check for one automatic re-run when the link is UP again ({@code
   *     qualification.stale-fallback})
   * @param registry where {@code oqsgw_checks_*} are published
   * @param reinquiryFile the file a home-visit re-inquiry is sent as ({@code
   *     oqs.home-visit.reinquiry-file}: OQSsihvq01 or OQSsiquc01 with 診療区分 2; unconfirmed)
   */
  public QualificationChecks(
      Vertx vertx,
      CheckStore store,
      OqsLink link,
      String institutionCode,
      boolean staleFallback,
      MeterRegistry registry,
      MessageKind reinquiryFile) {
    this.store = store;
    this.institutionCode = institutionCode;
    this.waiters = new CheckWaiters(vertx, store);
    this.ends = new CheckEnds(store, new CheckMetrics(registry), waiters);
    StaleFallback stale = new StaleFallback(store, link, ends, staleFallback);
    this.exchanges =
        new CheckExchanges(vertx, store, link, institutionCode, reinquiryFile, stale, ends);
    this.link = link;
    stale.follow(exchanges::send);
    ends.countQueued();
  }

  /**
   * Starts following the checks a previous run left waiting or queued. From now on a check is
   * answered in the transaction that records its exchange's answer (with every participant joined
   * by then: answers that came before were concluded as they are followed).
   */
  public Future<Void> resume() {
    if (!answersJoined) {
      answersJoined = true;
      link.joinAnswers(exchanges::joinAnswer);
    }
    return new CheckRecovery(store, exchanges).resume();
  }

  /** {@code participant} writes, in the transaction that ends each check, what that end means. */
  public void joinEnding(CheckEndParticipant participant) {
    store.joinEnding(participant);
  }

  /** Why checks cannot be made at all (a missing setting), or empty when they can. */
  public Optional<String> unavailableReason() {
    return institutionCode.isEmpty()
        ? Optional.of(Rejection.NO_INSTITUTION_CODE)
        : Optional.empty();
  }

  /**
   * Stores the check, hands the request to the link and returns the check as WAITING. With the
   * stale fallback on and the link DOWN, nothing is sent: the check is returned STALE_QUEUED with
   * the last known answer (if any), and is sent when the link is UP again.
   */
  public Future<QualificationCheck> create(
      CheckRequest request, String source, String requestedBy) {
    return create(request, source, requestedBy, Optional.empty(), Optional.empty());
  }

  /**
   * As {@link #create(CheckRequest, String, String)}, then waits at most {@code wait} for the
   * check's end (as {@link #awaitFinal}): the waiter is in place before the request is sent, so the
   * check is not read again to catch an end that came first.
   */
  public Future<QualificationCheck> createAndAwait(
      CheckRequest request, String source, String requestedBy, Duration wait) {
    return createWithin(
            store.pool(), request, source, requestedBy, Optional.empty(), Optional.empty())
        .compose(check -> waiters.sendAndAwait(check, wait, c -> exchanges.dispatch(c, request)));
  }

  /**
   * As {@link #create(CheckRequest, String, String)}, for a card presented at a reception desk: the
   * check records the desk and the reader.
   */
  public Future<QualificationCheck> create(
      CheckRequest request,
      String source,
      String requestedBy,
      Optional<String> desk,
      Optional<String> reader) {
    return createWithin(store.pool(), request, source, requestedBy, desk, reader)
        .compose(check -> exchanges.dispatch(check, request));
  }

  /**
   * Stores a new WAITING check through {@code client} (a transaction it is to commit with), without
   * sending it: {@link #dispatch} it once committed. Should the process stop in between, the next
   * start sends it, or follows the exchange the link had already created for it: once either way.
   */
  public Future<QualificationCheck> createWithin(
      SqlClient client,
      CheckRequest request,
      String source,
      String requestedBy,
      Optional<String> desk,
      Optional<String> reader) {
    return store.insertWaiting(
        client,
        RowIds.next(),
        source,
        requestedBy,
        request.chartPatientId(),
        request.toJson(),
        desk,
        reader);
  }

  /** Sends a check stored by {@link #createWithin}, or queues it (see {@link #create}). */
  public Future<QualificationCheck> dispatch(QualificationCheck check) {
    return exchanges.dispatch(check, CheckRequest.fromJson(check.request()));
  }

  /**
   * {@link #dispatch}es a check stored by {@link #createWithin} and waits at most {@code wait} for
   * its end: the check once final, or as it is when {@code wait} has passed (as {@link
   * #awaitFinal}, without reading it again).
   */
  public Future<QualificationCheck> dispatchAndAwait(QualificationCheck check, Duration wait) {
    return waiters.sendAndAwait(check, wait, this::dispatch);
  }

  /**
   * Card readings (result files in {@code face/}) as checks of source {@code face}, stored in the
   * transaction that records the file as handled, assigned to no patient.
   *
   * @param faceReaderDesk where the terminal's face-auth reader stands ({@code
   *     oqs.face-reader.desk})
   */
  public FaceResultHandler cardReadings(Optional<String> faceReaderDesk) {
    return cardReadings(faceReaderDesk, ReadingAssignment.NONE);
  }

  /** As {@link #cardReadings(Optional)}, assigned in the same transaction by {@code assignment}. */
  public FaceResultHandler cardReadings(
      Optional<String> faceReaderDesk, ReadingAssignment assignment) {
    return new CardReadings(store, ends, faceReaderDesk, assignment);
  }

  public Future<Optional<QualificationCheck>> find(UUID id) {
    return store.find(id);
  }

  /** The check once final, or as it is when {@code wait} has passed. */
  public Future<QualificationCheck> awaitFinal(QualificationCheck check, Duration wait) {
    return waiters.awaitFinal(check, wait);
  }

  /**
   * Calls {@code listener} on the event loop with every check whose end was just committed (once
   * per check and process); it must not block. What must survive a crash joins the ending
   * transaction instead ({@link #joinEnding}).
   */
  public void onEnded(Consumer<QualificationCheck> listener) {
    ends.onEnded(listener);
  }
}
