package jp.oqsgateway.gateway.http.homevisit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import jp.oqsgateway.gateway.homevisit.Eligibility;
import jp.oqsgateway.gateway.homevisit.Relationship;

/** A home-visit relationship as the API shows it, with whether a re-inquiry is allowed today. */
final class HomeVisitJson {
  private HomeVisitJson() {}

  static JsonObject of(Relationship r, Eligibility today, LocalDate on) {
    JsonArray months = new JsonArray();
    r.claimMonths().forEach(m -> months.add(m.toString()));
    JsonObject json =
        new JsonObject()
            .put("id", r.id().toString())
            .put("chartPatientId", r.chartPatientId())
            .put("careForm", r.careForm().wire())
            .put("careFormLabel", r.careForm().label())
            .put("firstVisitDate", r.firstVisitDate().toString())
            .put("active", r.active())
            .put("claimMonths", months)
            .put("createdAt", r.createdAt().toString())
            .put("createdBy", r.createdBy())
            .put("reinquiry", today.toJson().put("on", on.toString()));
    r.endedOn().ifPresent(d -> json.put("endedOn", d.toString()));
    r.endReason().ifPresent(s -> json.put("endReason", s));
    r.refusedAt().ifPresent(t -> json.put("refusedAt", t.toString()));
    r.refusal().ifPresent(s -> json.put("refusal", s));
    r.consentWithdrawal()
        .ifPresent(
            w -> {
              JsonObject consent =
                  new JsonObject()
                      .put("withdrawnOn", w.on().toString())
                      .put("withdrawnBy", w.by().wire());
              w.oqsReason().ifPresent(c -> consent.put("oqsReason", c));
              json.put("consentWithdrawal", consent);
            });
    return json;
  }

  static String location(Relationship r) {
    return "/api/v1/home-visit-relationships/" + r.id();
  }
}
