package jp.oqsgateway.gateway.oqs.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulator's mutable state, persisted as {@code <root>/.simulator/state.json} so that the
 * running simulator and a {@code sim consent|withdraw|fault} command in another process agree.
 */
final class SimulatorState {
  /** A bulk upload accepted under a ReceptionNumber; the request itself is kept beside. */
  record Reception(
      String number,
      String kind,
      String requestFile,
      Instant receivedAt,
      int stillProcessingLeft,
      boolean stillProcessingPlanned) {}

  /** The last face reading of a person: when, and what was consented. */
  record FaceReading(Instant at, ConsentProfile consents) {}

  final Map<String, String> referenceNumbers = new TreeMap<>();
  final Map<String, HomeVisitConsent> consents = new TreeMap<>();
  final Map<String, FaceReading> faceReadings = new TreeMap<>();
  final Map<String, Reception> receptions = new TreeMap<>();
  final List<FaultRule> faults = new ArrayList<>();
  long receptionSequence;

  static String consentKey(String personId, CareMode mode) {
    return personId + "/" + mode.name();
  }

  JsonObject toJson() {
    JsonObject consentsJson = new JsonObject();
    consents.forEach(
        (k, c) -> {
          JsonArray scope = new JsonArray();
          c.scope().stream().sorted().forEach(s -> scope.add(s.cliName()));
          consentsJson.put(
              k,
              new JsonObject()
                  .put("personId", c.personId())
                  .put("mode", c.mode().name())
                  .put("date", c.date().toString())
                  .put("scope", scope)
                  .put("recordedAt", str(c.recordedAt()))
                  .put("withdrawnAt", str(c.withdrawnAt())));
        });
    JsonObject faces = new JsonObject();
    faceReadings.forEach(
        (k, f) -> {
          ConsentProfile p = f.consents();
          faces.put(
              k,
              new JsonObject()
                  .put("at", f.at().toString())
                  .put("limit", p.limit())
                  .put("specificDiseases", p.specificDiseases())
                  .put("checkups", p.checkups())
                  .put("pharmacists", p.pharmacists())
                  .put("diagnosis", p.diagnosis())
                  .put("operation", p.operation())
                  .put("prescriptionIssueSelect", p.prescriptionIssueSelect()));
        });
    JsonObject receptionsJson = new JsonObject();
    receptions.forEach(
        (k, r) ->
            receptionsJson.put(
                k,
                new JsonObject()
                    .put("kind", r.kind())
                    .put("requestFile", r.requestFile())
                    .put("receivedAt", r.receivedAt().toString())
                    .put("stillProcessingLeft", r.stillProcessingLeft())
                    .put("stillProcessingPlanned", r.stillProcessingPlanned())));
    JsonArray faultsJson = new JsonArray();
    faults.forEach(f -> faultsJson.add(f.toJson()));
    return new JsonObject()
        .put("version", 1)
        .put("referenceNumbers", new JsonObject(new TreeMap<String, Object>(referenceNumbers)))
        .put("consents", consentsJson)
        .put("faceReadings", faces)
        .put("receptions", receptionsJson)
        .put("receptionSequence", receptionSequence)
        .put("faults", faultsJson);
  }

  static SimulatorState fromJson(JsonObject j) {
    SimulatorState s = new SimulatorState();
    j.getJsonObject("referenceNumbers", new JsonObject())
        .forEach(e -> s.referenceNumbers.put(e.getKey(), String.valueOf(e.getValue())));
    JsonObject consents = j.getJsonObject("consents", new JsonObject());
    for (String k : consents.fieldNames()) {
      JsonObject c = consents.getJsonObject(k);
      Set<ConsentScope> scope = EnumSet.noneOf(ConsentScope.class);
      for (Object o : c.getJsonArray("scope", new JsonArray())) {
        scope.addAll(ConsentScope.parseList(String.valueOf(o)));
      }
      s.consents.put(
          k,
          new HomeVisitConsent(
              c.getString("personId"),
              CareMode.valueOf(c.getString("mode")),
              LocalDate.parse(c.getString("date")),
              scope,
              instant(c.getString("recordedAt")),
              instant(c.getString("withdrawnAt"))));
    }
    JsonObject faces = j.getJsonObject("faceReadings", new JsonObject());
    for (String k : faces.fieldNames()) {
      JsonObject f = faces.getJsonObject(k);
      s.faceReadings.put(
          k,
          new FaceReading(
              Instant.parse(f.getString("at")),
              new ConsentProfile(
                  f.getBoolean("limit", false),
                  f.getBoolean("specificDiseases", false),
                  f.getBoolean("checkups", false),
                  f.getBoolean("pharmacists", false),
                  f.getBoolean("diagnosis", false),
                  f.getBoolean("operation", false),
                  f.getString("prescriptionIssueSelect", "2"))));
    }
    JsonObject receptions = j.getJsonObject("receptions", new JsonObject());
    for (String k : receptions.fieldNames()) {
      JsonObject r = receptions.getJsonObject(k);
      s.receptions.put(
          k,
          new Reception(
              k,
              r.getString("kind"),
              r.getString("requestFile"),
              Instant.parse(r.getString("receivedAt")),
              r.getInteger("stillProcessingLeft", 0),
              r.getBoolean("stillProcessingPlanned", false)));
    }
    for (Object o : j.getJsonArray("faults", new JsonArray())) {
      s.faults.add(FaultRule.fromJson((JsonObject) o));
    }
    s.receptionSequence = j.getLong("receptionSequence", 0L);
    return s;
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
