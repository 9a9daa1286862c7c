package jp.oqsgateway.gateway.http.patients;

import static jp.oqsgateway.gateway.http.patients.ChartRecordJson.compact;
import static jp.oqsgateway.gateway.http.patients.ChartRecordJson.iso;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.patients.PatientQualifications.Comparison;
import jp.oqsgateway.gateway.qualification.diff.DiffReport;
import jp.oqsgateway.gateway.qualification.diff.FieldDifference;
import jp.oqsgateway.gateway.qualification.diff.ProposedRecord;

/** A comparison as the API shows it (schema {@code InsuranceDiff}). */
final class DiffJson {
  private DiffJson() {}

  static JsonObject of(String chartPatientId, Comparison c) {
    DiffReport r = c.report();
    JsonArray differences = new JsonArray();
    for (FieldDifference d : r.differences()) {
      differences.add(
          new JsonObject()
              .put("field", d.field())
              .put("chartValue", d.chartValue())
              .put("oqsValue", d.oqsValue())
              .put("severity", d.severity().name())
              .put("message", d.message()));
    }
    return new JsonObject()
        .put("chartPatientId", chartPatientId)
        .put("checkId", c.check().id().toString())
        .put("identical", r.identical())
        .put("blocking", r.blocking())
        .put("differences", differences)
        .put("proposal", proposal(r.proposal()));
  }

  private static JsonObject proposal(ProposedRecord p) {
    JsonObject json =
        new JsonObject()
            .put("record", ChartRecordJson.of(p.record()))
            .put("validFrom", iso(p.record().validFrom()))
            .put("newInsurance", p.newInsurance());
    p.previous()
        .ifPresent(
            prev ->
                json.put(
                    "previous",
                    compact(
                        new JsonObject()
                            .put("insurerNumber", prev.insurerNumber())
                            .put("symbol", prev.symbol())
                            .put("number", prev.number())
                            .put("branch", prev.branch())
                            .put("validTo", iso(prev.validTo())))));
    p.lateElderlyCopayPercent().ifPresent(v -> json.put("lateElderlyCopayPercent", v));
    p.elderlyRecipient()
        .ifPresent(
            e ->
                json.put(
                    "elderlyRecipient",
                    compact(
                        new JsonObject()
                            .put("percent", e.percent())
                            .put("validFrom", iso(e.validFrom()))
                            .put("validTo", iso(e.validTo())))));
    p.limitCategory()
        .ifPresent(
            l -> {
              JsonObject limit =
                  new JsonObject()
                      .put("code", l.code())
                      .put("label", l.label().orElse(null))
                      .put("certificateCode", l.certificateCode().orElse(null))
                      .put("certificateLabel", l.certificateLabel().orElse(null))
                      .put("validFrom", iso(l.validFrom()))
                      .put("validTo", iso(l.validTo()))
                      .put("longTermDate", iso(l.longTermDate()));
              l.highCost()
                  .ifPresent(
                      h ->
                          limit.put(
                              "highCost",
                              new JsonObject().put("code", h.code()).put("label", h.label())));
              json.put("limitCategory", compact(limit));
            });
    JsonArray diseases = new JsonArray();
    p.specificDiseases()
        .forEach(
            d ->
                diseases.add(
                    compact(
                        new JsonObject()
                            .put("category", d.category())
                            .put("label", d.label().orElse(null))
                            .put("selfPay", d.selfPay().orElse(null))
                            .put("validFrom", iso(d.validFrom()))
                            .put("validTo", iso(d.validTo())))));
    json.put("specificDiseases", diseases);
    p.address()
        .ifPresent(
            a ->
                json.put(
                    "address",
                    new JsonObject()
                        .put("value", a.value())
                        .put("confirm", true)
                        .put("reason", a.reason())
                        .put("message", a.message())));
    return json;
  }
}
