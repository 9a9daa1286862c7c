package jp.oqsgateway.gateway.http.patients;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.RequestDates;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import jp.oqsgateway.gateway.qualification.diff.ChartInsuranceRecord;
import jp.oqsgateway.gateway.qualification.diff.ChartMedicalAid;
import jp.oqsgateway.gateway.qualification.diff.ChartSpecificDisease;

/**
 * The chart's insurance record (schema {@code ChartInsuranceRecord}) to and from JSON. The router
 * validated the shape; what it cannot check (a real calendar date) is refused naming the field.
 */
final class ChartRecordJson {
  private ChartRecordJson() {}

  static ChartInsuranceRecord from(JsonObject b) {
    List<ChartSpecificDisease> diseases = new ArrayList<>();
    JsonArray list = b.getJsonArray("specificDiseases", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      JsonObject d = list.getJsonObject(i);
      diseases.add(new ChartSpecificDisease(d.getString("category"), d.getInteger("selfPay")));
    }
    JsonObject aid = b.getJsonObject("medicalAid");
    return ChartInsuranceRecord.builder()
        .insurerNumber(b.getString("insurerNumber"))
        .symbol(b.getString("symbol"))
        .number(b.getString("number"))
        .branch(b.getString("branch"))
        .personalFamily(
            b.getString("personalFamily") == null
                ? null
                : PersonalFamilyClassification.fromCode(b.getString("personalFamily"))
                    .orElseThrow(
                        () ->
                            Rejection.invalid(
                                "personalFamily", "must be an OQSCD009 code (1 本人, 2 家族)")))
        .name(b.getString("name"))
        .nameKana(b.getString("nameKana"))
        .birthDate(date(b, "birthDate"))
        .address(b.getString("address"))
        .postNumber(b.getString("postNumber"))
        .validFrom(date(b, "validFrom"))
        .validTo(date(b, "validTo"))
        .copayPercent(b.getInteger("copayPercent"))
        .elderlyRecipientPercent(b.getInteger("elderlyRecipientPercent"))
        .limitCategory(b.getString("limitCategory"))
        .specificDiseases(diseases)
        .medicalAid(
            aid == null
                ? null
                : new ChartMedicalAid(
                    aid.getString("payerNumber"), aid.getString("recipientNumber")))
        .build();
  }

  static JsonObject of(ChartInsuranceRecord r) {
    JsonObject json =
        new JsonObject()
            .put("insurerNumber", r.insurerNumber())
            .put("symbol", r.symbol())
            .put("number", r.number())
            .put("branch", r.branch())
            .put("personalFamily", r.personalFamily() == null ? null : r.personalFamily().code())
            .put("name", r.name())
            .put("nameKana", r.nameKana())
            .put("birthDate", iso(r.birthDate()))
            .put("address", r.address())
            .put("postNumber", r.postNumber())
            .put("validFrom", iso(r.validFrom()))
            .put("validTo", iso(r.validTo()))
            .put("copayPercent", r.copayPercent())
            .put("elderlyRecipientPercent", r.elderlyRecipientPercent())
            .put("limitCategory", r.limitCategory());
    JsonArray diseases = new JsonArray();
    r.specificDiseases()
        .forEach(
            d ->
                diseases.add(
                    new JsonObject().put("category", d.category()).put("selfPay", d.selfPay())));
    json.put("specificDiseases", diseases);
    r.medicalAidOpt()
        .ifPresent(
            a ->
                json.put(
                    "medicalAid",
                    new JsonObject()
                        .put("payerNumber", a.payerNumber())
                        .put("recipientNumber", a.recipientNumber())));
    return compact(json);
  }

  /** {@code json} without its null members. */
  static JsonObject compact(JsonObject json) {
    json.getMap().values().removeIf(v -> v == null);
    return json;
  }

  static String iso(LocalDate d) {
    return d == null ? null : d.toString();
  }

  private static LocalDate date(JsonObject b, String field) {
    String raw = b.getString(field);
    return raw == null ? null : RequestDates.realDate(field, raw);
  }
}
