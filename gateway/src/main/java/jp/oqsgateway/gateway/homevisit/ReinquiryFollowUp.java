package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jp.oqsgateway.gateway.concurrent.GatewayStopping;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.jobs.ItemOutcome;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.patients.PatientQualifications;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.CheckStore;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.QualificationChecks;

/**
 * A nightly re-inquiry from its sending to the item's outcome: sent once, followed to its final
 * answer (the link's deadlines end every exchange; {@link #ANSWER_WAIT} bounds the wait besides),
 * and compared with the patient's last known answer, the one that ended before the re-inquiry was
 * requested. A changed answer ends the item with its {@code homevisit.alert} event, which the job
 * runner appends in the transaction that ends the item: once, even across a crash.
 */
public final class ReinquiryFollowUp {
  static final String UNCHANGED = "unchanged";
  static final String CHANGED = "changed";
  static final String REFUSED = "refused-by-oqs";
  static final String FAILED = "failed";

  /** The checks the job creates are API checks requested by {@code job:<jobId>}. */
  static final String SOURCE = "api";

  /** Longest wait for a final answer, beyond the link's own deadlines. */
  static final Duration ANSWER_WAIT = Duration.ofMinutes(30);

  private final QualificationChecks checks;
  private final CheckStore store;
  private final PatientQualifications patients;
  private final HomeVisits homeVisits;
  private final VisitAlerts alerts;

  public ReinquiryFollowUp(
      QualificationChecks checks,
      CheckStore store,
      PatientQualifications patients,
      HomeVisits homeVisits,
      VisitAlerts alerts) {
    this.checks = checks;
    this.store = store;
    this.patients = patients;
    this.homeVisits = homeVisits;
    this.alerts = alerts;
  }

  /**
   * Hands the stored re-inquiry to the link (after the item's commit) and follows it. Refused
   * because the gateway is stopping, it is left unsent and the item in flight: the next start sends
   * it once.
   *
   * @param relationship the relationship the item was decided by, read in the item's transaction:
   *     its window and claims are what the answer is compared under (an answer changes a
   *     relationship only by a refusal, which is not compared)
   */
  Future<ItemOutcome> send(
      QualificationCheck check,
      String chartPatientId,
      LocalDate day,
      Optional<Relationship> relationship) {
    return checks
        .dispatchAndAwait(check, ANSWER_WAIT)
        .transform(
            sent ->
                sent.succeeded()
                    ? outcome(
                        sent.result(),
                        chartPatientId,
                        day,
                        () -> Future.succeededFuture(relationship))
                    : notSent(sent.cause()));
  }

  private static Future<ItemOutcome> notSent(Throwable e) {
    return e instanceof GatewayStopping
        ? Future.failedFuture(e)
        : Future.succeededFuture(
            ItemOutcome.failed(
                FAILED,
                "not sent: "
                    + (e instanceof Rejection r
                        ? r.slug()
                        : "internal error (" + e.getClass().getSimpleName() + ")")));
  }

  /**
   * Follows a re-inquiry created before a restart. One the previous run stored but never saw handed
   * to the link was sent (or its exchange found) by the checks' recovery at start: once, either
   * way.
   */
  Future<ItemOutcome> resume(UUID checkId, String chartPatientId, LocalDate day) {
    return checks
        .find(checkId)
        .compose(
            found ->
                found
                    .map(c -> follow(c, chartPatientId, day))
                    .orElse(
                        Future.succeededFuture(
                            ItemOutcome.failed(FAILED, "the re-inquiry's check is not found"))));
  }

  private Future<ItemOutcome> follow(
      QualificationCheck check, String chartPatientId, LocalDate day) {
    return checks
        .awaitFinal(check, ANSWER_WAIT)
        .compose(
            ended ->
                outcome(
                    ended,
                    chartPatientId,
                    day,
                    () ->
                        homeVisits
                            .decide(chartPatientId, day)
                            .map(HomeVisits.Decision::relationship)));
  }

  /**
   * The item's outcome by how its re-inquiry ended; {@code relationship} is asked for only when an
   * answer is compared.
   */
  private Future<ItemOutcome> outcome(
      QualificationCheck ended,
      String chartPatientId,
      LocalDate day,
      Supplier<Future<Optional<Relationship>>> relationship) {
    if (ReinquiryOutcomes.refusal(ended).isPresent()) {
      // The relationship was marked refused, with its alert, when the check ended.
      return Future.succeededFuture(ItemOutcome.done(REFUSED, "OQS refused the re-inquiry"));
    }
    if (ended.state() == CheckState.ANSWERED) {
      return compared(ended, chartPatientId, day, relationship.get());
    }
    return Future.succeededFuture(ItemOutcome.failed(FAILED, failure(ended)));
  }

  /** Why a re-inquiry has no answer, in words without patient data. */
  private static String failure(QualificationCheck check) {
    if (check.state() == CheckState.WAITING) {
      return "no final answer within " + ANSWER_WAIT.toMinutes() + " minutes";
    }
    if (check.state() == CheckState.STALE_QUEUED) {
      return "link-down: the check is queued and re-run once the link is up, not compared";
    }
    return check
        .failure()
        .map(f -> f.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .orElse("failed");
  }

  private Future<ItemOutcome> compared(
      QualificationCheck answered,
      String chartPatientId,
      LocalDate day,
      Future<Optional<Relationship>> relationship) {
    Future<Optional<QualificationResultMessage>> lastKnown =
        store
            .latestAnswerBefore(chartPatientId, answered.requestedAt())
            .compose(
                before ->
                    before.isPresent()
                        ? patients.message(before.get()).map(Optional::of)
                        : Future.succeededFuture(Optional.empty()));
    Future<QualificationResultMessage> answer = patients.message(answered);
    return Future.all(lastKnown, answer, relationship)
        .map(
            all ->
                alerts
                    .compare(
                        chartPatientId,
                        day,
                        relationship.result(),
                        lastKnown.result(),
                        Optional.of(answer.result()))
                    .map(ReinquiryFollowUp::changed)
                    .orElse(ItemOutcome.done(UNCHANGED)));
  }

  /**
   * A patient nothing is sent for: the relationship alone may still matter (the window ending,
   * claims missing), announced with the item's end.
   */
  ItemOutcome notSent(
      ItemOutcome outcome, String chartPatientId, LocalDate day, Optional<Relationship> r) {
    return alerts
        .compare(chartPatientId, day, r, Optional.empty(), Optional.empty())
        .map(a -> outcome.announcing(List.of(event(a))))
        .orElse(outcome);
  }

  /** The alert, announced with the item's end; the detail lists what matters, by kind. */
  private static ItemOutcome changed(VisitAlert alert) {
    String kinds =
        alert.items().stream().map(i -> i.kind().wire()).collect(Collectors.joining(","));
    return ItemOutcome.done(CHANGED, kinds).announcing(List.of(event(alert)));
  }

  private static Event event(VisitAlert alert) {
    return Event.of(EventType.HOMEVISIT_ALERT, alert.toEvent());
  }
}
