package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.qualification.CheckEndParticipant;
import jp.oqsgateway.gateway.qualification.CheckRequest;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.ExchangeFailures;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.QualificationChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the end of a re-inquiry means for its relationship. OQS's answer is authoritative: when it
 * refuses the re-inquiry (the whole request, or the person's processing) the relationship is marked
 * refused, so no re-inquiry is sent again until a new card-based first visit at home is recorded,
 * and {@code homevisit.alert} tells staff. The refusal is written in the transaction that ends the
 * check (this class joins it), so a crash cannot keep the one without the other. A re-inquiry made
 * for a card at a desk is followed by the individual check of the same numbers, stored in that same
 * transaction and sent once it committed, so the patient standing there still gets a result.
 */
public final class ReinquiryOutcomes implements CheckEndParticipant {
  private static final Logger LOG = LoggerFactory.getLogger(ReinquiryOutcomes.class);

  private final HomeVisits homeVisits;
  private final QualificationChecks checks;
  private final HomeVisitMetrics metrics;

  public ReinquiryOutcomes(
      HomeVisits homeVisits, QualificationChecks checks, HomeVisitMetrics metrics) {
    this.homeVisits = homeVisits;
    this.checks = checks;
    this.metrics = metrics;
  }

  /** Joins the transaction that ends each check (before the checks resume after a restart). */
  public void attach() {
    checks.joinEnding(this);
  }

  @Override
  public Future<Runnable> join(SqlConnection tx, QualificationCheck check) {
    Optional<UUID> relationship =
        Optional.ofNullable(check.request().getString("homeVisitRelationshipId"))
            .map(UUID::fromString);
    if (relationship.isEmpty() || check.state() == CheckState.STALE_QUEUED) {
      return Future.succeededFuture(NOTHING);
    }
    Optional<String> refusal = refusal(check);
    if (refusal.isEmpty()) {
      String outcome = check.state() == CheckState.ANSWERED ? "answered" : "failed";
      return Future.succeededFuture(() -> metrics.ended(outcome));
    }
    Future<Optional<QualificationCheck>> fallback =
        check.source().equals("card")
            ? individualCheck(tx, check).map(Optional::of)
            : Future.succeededFuture(Optional.empty());
    return fallback.compose(
        followUp -> {
          JsonObject alert =
              new JsonObject()
                  .put("kind", "reinquiry-refused")
                  .put("relationshipId", relationship.get().toString())
                  .put("checkId", check.id().toString())
                  .put("message", Eligibility.Reason.REFUSED_BY_OQS.staffMessage())
                  .put("refusal", refusal.get());
          check.chartPatientId().ifPresent(p -> alert.put("chartPatientId", p));
          check.desk().ifPresent(d -> alert.put("desk", d));
          followUp.ifPresent(c -> alert.put("individualCheckId", c.id().toString()));
          return homeVisits
              .store()
              .recordRefusal(tx, relationship.get(), check.id(), refusal.get(), alert)
              .map(recorded -> () -> refused(check, relationship.get(), followUp));
        });
  }

  /** After the commit: the metric, the log line, and the individual check sent. */
  private void refused(
      QualificationCheck check, UUID relationship, Optional<QualificationCheck> followUp) {
    metrics.ended("refused");
    LOG.atInfo()
        .addKeyValue("checkId", check.id())
        .addKeyValue("relationshipId", relationship)
        .log("OQS refused a re-inquiry: the relationship is marked refused");
    followUp.ifPresent(
        c ->
            checks
                .dispatch(c)
                .onFailure(
                    e ->
                        LOG.atWarn()
                            .setCause(e)
                            .addKeyValue("checkId", check.id())
                            .log("cannot send the individual check after a refused re-inquiry")));
  }

  /** The individual check of the same numbers, for the card still at the desk (not sent yet). */
  private Future<QualificationCheck> individualCheck(SqlConnection tx, QualificationCheck refused) {
    CheckRequest request = CheckRequest.fromJson(refused.request()).asIndividualCheck();
    return checks.createWithin(
        tx, request, refused.source(), refused.requestedBy(), refused.desk(), refused.reader());
  }

  /**
   * OQS's refusal, in its own codes and words (no patient data): SegmentOfResult other than 1 or a
   * processing error of the person; empty for an answer or a failure of the link (a timeout says
   * nothing about eligibility). A consent flag 2 (同意有効期限切れ) on one kind of information (drug,
   * clinical, health-check, surgery) in an answer is not a refusal: it ends access to that kind of
   * information only, and the answer carries it; the relationship ends only when OQS refuses the
   * qualification itself.
   */
  static Optional<String> refusal(QualificationCheck check) {
    if (check.state() == CheckState.FAILED) {
      return check
          .failureDetail()
          .filter(
              d -> check.failure().filter(f -> ExchangeFailures.isRefusalByOqs(f, d)).isPresent());
    }
    JsonObject result = check.result().orElse(new JsonObject());
    String status =
        Optional.ofNullable(result.getJsonObject("processingResultStatus"))
            .map(s -> s.getString("code"))
            .orElse("1");
    if (!status.equals("1")) {
      return Optional.of(
          "ProcessingResultStatus "
              + status
              + ", ProcessingResultCode "
              + result.getString("processingResultCode", "-")
              + " "
              + result.getString("processingResultMessage", ""));
    }
    return Optional.empty();
  }
}
