package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.qualification.CheckRequest;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.ExchangeFailures;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.QualificationChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the end of a re-inquiry means for its relationship. OQS's answer is authoritative: when it
 * refuses the re-inquiry (the whole request, the person's processing, or a consent flag 2 =
 * 同意有効期限切れ) the relationship is marked refused, so no re-inquiry is sent again until a new
 * card-based first visit at home is recorded, and {@code homevisit.alert} tells staff. A re-inquiry
 * made for a card at a desk is followed at once by the individual check of the same numbers, so the
 * patient standing there still gets a result.
 */
public final class ReinquiryOutcomes {
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

  /** Starts following the ends of checks. */
  public void attach() {
    checks.onEnded(this::ended);
  }

  private void ended(QualificationCheck check) {
    Optional<UUID> relationship =
        Optional.ofNullable(check.request().getString("homeVisitRelationshipId"))
            .map(UUID::fromString);
    if (relationship.isEmpty() || check.state() == CheckState.STALE_QUEUED) {
      return;
    }
    Optional<String> refusal = refusal(check);
    metrics.ended(
        refusal.isPresent()
            ? "refused"
            : check.state() == CheckState.ANSWERED ? "answered" : "failed");
    if (refusal.isEmpty()) {
      return;
    }
    Future<Optional<UUID>> fallback =
        check.source().equals("card")
            ? individualCheck(check)
            : Future.succeededFuture(Optional.empty());
    fallback
        .compose(
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
              followUp.ifPresent(id -> alert.put("individualCheckId", id.toString()));
              return homeVisits
                  .store()
                  .recordRefusal(relationship.get(), check.id(), refusal.get(), alert);
            })
        .onSuccess(
            recorded ->
                LOG.atInfo()
                    .addKeyValue("checkId", check.id())
                    .addKeyValue("relationshipId", relationship.get())
                    .log("OQS refused a re-inquiry: the relationship is marked refused"))
        .onFailure(
            e ->
                LOG.atError()
                    .setCause(e)
                    .addKeyValue("checkId", check.id())
                    .log("cannot record OQS's refusal of a re-inquiry"));
  }

  /** The individual check of the same numbers, for the card still at the desk. */
  private Future<Optional<UUID>> individualCheck(QualificationCheck refused) {
    CheckRequest request = CheckRequest.fromJson(refused.request()).asIndividualCheck();
    return checks
        .create(request, refused.source(), refused.requestedBy(), refused.desk(), refused.reader())
        .map(c -> Optional.of(c.id()))
        .recover(
            e -> {
              LOG.atWarn()
                  .setCause(e)
                  .addKeyValue("checkId", refused.id())
                  .log("cannot start the individual check after a refused re-inquiry");
              return Future.succeededFuture(Optional.empty());
            });
  }

  /**
   * OQS's refusal, in its own codes and words (no patient data): SegmentOfResult other than 1, a
   * processing error of the person, or a consent flag 2; empty for an answer or a failure of the
   * link (a timeout says nothing about eligibility).
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
    JsonArray results = result.getJsonArray("results", new JsonArray());
    for (Object o : results) {
      if (o instanceof JsonObject r) {
        for (String key : r.fieldNames()) {
          if (key.endsWith("ConsFlg")
              && r.getValue(key) instanceof JsonObject flag
              && "2".equals(flag.getString("code"))) {
            return Optional.of(key + " 2 (同意有効期限切れ)");
          }
        }
      }
    }
    return Optional.empty();
  }
}
