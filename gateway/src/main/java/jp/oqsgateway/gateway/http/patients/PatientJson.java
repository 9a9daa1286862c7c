package jp.oqsgateway.gateway.http.patients;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.patients.Candidates;
import jp.oqsgateway.gateway.patients.LatestQualification;
import jp.oqsgateway.gateway.patients.LinkedQualification;
import jp.oqsgateway.gateway.patients.PatientLink;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/** Links, latest qualifications and candidates as the API shows them. */
final class PatientJson {
  private PatientJson() {}

  static JsonObject link(PatientLink l) {
    LinkedQualification q = l.qualification();
    JsonObject qualification =
        new JsonObject()
            .put("insurerNumber", q.insurerNumber())
            .put("insuredIdentificationNumber", q.number())
            .put("birthdate", q.birthdate().toString());
    q.symbol().ifPresent(s -> qualification.put("insuredCardSymbol", s));
    q.branch().ifPresent(s -> qualification.put("insuredBranchNumber", s));
    q.referenceNumber().ifPresent(s -> qualification.put("referenceNumber", s));
    JsonObject json =
        new JsonObject()
            .put("id", l.id().toString())
            .put("chartPatientId", l.chartPatientId())
            .put("checkId", l.checkId().toString())
            .put("active", l.active())
            .put("qualification", qualification)
            .put("linkedBy", l.linkedBy())
            .put("linkedAt", l.linkedAt().toString());
    l.unlinkedBy().ifPresent(s -> json.put("unlinkedBy", s));
    l.unlinkedAt().ifPresent(t -> json.put("unlinkedAt", t.toString()));
    return json;
  }

  static String location(PatientLink l) {
    return "/api/v1/patients/" + l.chartPatientId() + "/links/" + l.id();
  }

  static JsonObject latest(String chartPatientId, LatestQualification latest) {
    QualificationCheck c = latest.check();
    JsonObject json =
        new JsonObject()
            .put("chartPatientId", chartPatientId)
            .put("checkId", c.id().toString())
            .put("source", c.source())
            .put("answeredAt", c.finishedAt().orElse(c.requestedAt()).toString())
            .put("ageSeconds", latest.age().toSeconds())
            .put("stale", latest.stale())
            .put("qualification", c.result().orElseThrow());
    String confirmation = c.request().getString("confirmationDate");
    if (confirmation != null) {
      json.put("confirmationDate", confirmation);
    }
    return json;
  }

  static JsonObject candidates(Candidates c) {
    JsonArray list = new JsonArray();
    c.chartPatientIds()
        .forEach(
            id ->
                list.add(new JsonObject().put("chartPatientId", id).put("source", c.matchedBy())));
    return new JsonObject()
        .put("checkId", c.checkId().toString())
        .put("matchedBy", c.matchedBy())
        .put("automatic", c.automatic())
        .put("candidates", list);
  }
}
