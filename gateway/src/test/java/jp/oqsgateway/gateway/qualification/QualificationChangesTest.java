package jp.oqsgateway.gateway.qualification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class QualificationChangesTest {
  private static JsonObject answer(String validity, JsonObject first) {
    return new JsonObject()
        .put("qualificationValidity", new JsonObject().put("code", validity).put("label", "x"))
        .put("processedAt", "2025-06-02T10:00:00")
        .put("results", new JsonArray().add(first));
  }

  private static JsonObject result() {
    return new JsonObject()
        .put("insurerNumber", "06130017")
        .put("insuredIdentificationNumber", "123")
        .put("insuredCardExpirationDate", "2026-03-31")
        .put(
            "elderlyRecipientCertificateInfo",
            new JsonObject().put("elderlyRecipientContributionRatio", 20));
  }

  @Test
  void theSameQualificationAnsweredAgainIsNoChangeEvenWithOtherLabelsOrTimes() {
    JsonObject later = answer("1", result()).put("processedAt", "2025-06-03T09:00:00");
    later.getJsonObject("qualificationValidity").put("label", "有効");
    assertThat(QualificationChanges.between(answer("1", result()), later)).isEmpty();
  }

  @Test
  void validityExpiryAndCopayAreNamedNotValued() {
    JsonObject changed = result().put("insuredCardExpirationDate", "2025-06-30");
    changed.put(
        "elderlyRecipientCertificateInfo",
        new JsonObject().put("elderlyRecipientContributionRatio", 30));
    assertThat(QualificationChanges.between(answer("1", result()), answer("2", changed)))
        .containsExactly(
            "qualificationValidity",
            "insuredCardExpirationDate",
            "elderlyRecipientCertificateInfo");
  }

  @Test
  void aLostResultListIsAChange() {
    JsonObject none =
        new JsonObject().put("qualificationValidity", new JsonObject().put("code", "4"));
    assertThat(QualificationChanges.between(answer("1", result()), none))
        .contains("qualificationValidity", "results", "insurerNumber");
  }
}
