package jp.oqsgateway.gateway.homevisit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import org.junit.jupiter.api.Test;

/**
 * Which answers to a re-inquiry end its relationship: OQS refusing the qualification itself does;
 * one kind of information whose consent has expired (flag 2) does not — it ends access to that kind
 * only, and the answer says so.
 */
class ReinquiryRefusalTest {
  private static QualificationCheck answered(JsonObject result) {
    return new QualificationCheck(
        UUID.randomUUID(),
        "api",
        "test",
        Optional.of("P-1"),
        CheckState.ANSWERED,
        Optional.empty(),
        Optional.empty(),
        new JsonObject(),
        Optional.empty(),
        Optional.of(result),
        Instant.now(),
        Optional.of(Instant.now()),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static JsonObject flag(String code) {
    return new JsonObject().put("code", code);
  }

  @Test
  void aDrugConsentThatExpiredDoesNotEndTheRelationship() {
    JsonObject result =
        new JsonObject()
            .put("processingResultStatus", flag("1"))
            .put(
                "results",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("pharmacistsInfoConsFlg", flag("2"))
                            .put("diagnosisInfoConsFlg", flag("1"))));
    assertThat(ReinquiryOutcomes.refusal(answered(result))).isEmpty();
  }

  @Test
  void oqsRefusingTheQualificationEndsItWithOqsOwnCodeAndWords() {
    JsonObject result =
        new JsonObject()
            .put("processingResultStatus", flag("2"))
            .put("processingResultCode", "SIM2202")
            .put("processingResultMessage", "継続的な関係が確認できないため再照会できません（同意有効期限切れ）。");
    assertThat(ReinquiryOutcomes.refusal(answered(result)))
        .hasValueSatisfying(r -> assertThat(r).contains("ProcessingResultStatus 2", "SIM2202"));
  }
}
