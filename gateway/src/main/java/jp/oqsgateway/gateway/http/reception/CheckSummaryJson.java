package jp.oqsgateway.gateway.http.reception;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/**
 * A check as a screen shows it in a list (schema {@code CheckSummary}): who, where, when, how it
 * ended and, for an answer, the qualification in plain words: validity, insurer, copay ratio,
 * 高齢受給者, and 限度額 and 特定疾病 (OQS sends those only when the patient consented). Coded values keep
 * OQS's code beside their Japanese label, as the check's full answer does.
 */
final class CheckSummaryJson {
  /** The answer's fields a summary carries, and the names it carries them under. */
  private static final String[][] FIELDS = {
    {"insurerNumber", "insurerNumber"},
    {"insurerName", "insurerName"},
    {"insuredPartialContributionRatio", "copayRatio"},
    {"elderlyRecipientCertificateInfo", "elderlyRecipient"},
    {"limitApplicationCertificateRelatedInfo", "limitCertificate"},
    {"specificDiseasesCertificateList", "specificDiseases"}
  };

  private CheckSummaryJson() {}

  static JsonObject of(QualificationCheck c) {
    JsonObject json =
        new JsonObject()
            .put("id", c.id().toString())
            .put("source", c.source())
            .put("state", c.state().name())
            .put("createdAt", c.requestedAt().toString());
    c.desk().ifPresent(d -> json.put("desk", d));
    c.reader().ifPresent(r -> json.put("reader", r));
    c.finishedAt().ifPresent(t -> json.put("endedAt", t.toString()));
    c.chartPatientId().ifPresent(p -> json.put("chartPatientId", p));
    c.failure()
        .ifPresent(
            f -> json.put("failureReason", f.name()).put("failureMessage", f.staffMessage()));
    c.result().ifPresent(r -> json.put("qualification", qualification(r)));
    return json;
  }

  static JsonArray all(Iterable<QualificationCheck> checks) {
    JsonArray items = new JsonArray();
    checks.forEach(c -> items.add(of(c)));
    return items;
  }

  private static JsonObject qualification(JsonObject answer) {
    JsonObject q = new JsonObject();
    Object validity = answer.getValue("qualificationValidity");
    if (validity != null) {
      q.put("validity", validity);
    }
    JsonArray results = answer.getJsonArray("results", new JsonArray());
    q.put("results", results.size());
    if (results.size() == 1 && results.getValue(0) instanceof JsonObject r) {
      for (String[] field : FIELDS) {
        Object value = r.getValue(field[0]);
        if (value != null) {
          q.put(field[1], value);
        }
      }
    }
    return q;
  }
}
