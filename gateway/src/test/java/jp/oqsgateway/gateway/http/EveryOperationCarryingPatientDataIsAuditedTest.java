package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks the API document: an operation whose successful answer reaches a schema marked {@code
 * x-patient-data: true} must name the purpose its reads are audited under ({@code x-audit-purpose},
 * one of {@link Purpose}); every component schema an answer reaches must say whether it carries
 * patient data, so a new schema or a new operation cannot forget the question. That each purpose is
 * really recorded before the data is sent is shown per operation by the API tests (PatientApiTest,
 * HomeVisitApiTest, ReadAuditCompletenessTest).
 */
class EveryOperationCarryingPatientDataIsAuditedTest {
  private static JsonObject doc;

  @BeforeAll
  static void readTheDocument() throws IOException {
    doc =
        ApiContract.forRouter(
            Buffer.buffer(
                Files.readAllBytes(Path.of("src/main/resources/openapi/oqs-gateway.yaml"))));
  }

  @Test
  void everyOperationAnsweringWithPatientDataNamesItsAuditPurpose() {
    assertThat(problems(doc)).isEmpty();
  }

  @Test
  void theOperationsThatServePatientDataAreTheOnesWeExpect() {
    assertThat(audited(doc))
        .contains(
            "createQualificationCheck",
            "getQualificationCheck",
            "getLatestQualification",
            "linkQualification",
            "getHomeVisitRelationship",
            "listHomeVisitRelationships",
            "createHomeVisitRelationship",
            "listHomeVisitSchedule",
            "addHomeVisit",
            "registerReferenceNumber")
        .doesNotContain("getSystemStatus", "listAuditReads", "listWebhookSubscriptions");
  }

  @Test
  void aNewOperationAnsweringWithAHomeVisitRelationshipButNoPurposeIsCaught() {
    JsonObject changed = doc.copy();
    changed
        .getJsonObject("paths")
        .put(
            "/api/v1/home-visit-relationships/{relationshipId}/summary",
            new JsonObject()
                .put(
                    "get",
                    new JsonObject()
                        .put("operationId", "getHomeVisitSummary")
                        .put("x-roles", new JsonArray().add("chart"))
                        .put(
                            "responses",
                            new JsonObject().put("200", jsonBody(ref("HomeVisitRelationship"))))));
    assertThat(problems(changed))
        .containsExactly(
            "getHomeVisitSummary: answers with patient data but has no x-audit-purpose");
  }

  @Test
  void aNewSchemaThatDoesNotSayWhetherItCarriesPatientDataIsCaught() {
    JsonObject changed = doc.copy();
    changed
        .getJsonObject("components")
        .getJsonObject("schemas")
        .put(
            "ConsentSummary",
            new JsonObject()
                .put("type", "object")
                .put("properties", new JsonObject().put("consent", new JsonObject())));
    changed
        .getJsonObject("paths")
        .put(
            "/api/v1/consents",
            new JsonObject()
                .put(
                    "get",
                    new JsonObject()
                        .put("operationId", "listConsents")
                        .put(
                            "responses",
                            new JsonObject().put("200", jsonBody(ref("ConsentSummary"))))));
    assertThat(problems(changed))
        .containsExactly("listConsents: schema ConsentSummary does not say x-patient-data");
  }

  @Test
  void anUnknownPurposeIsCaught() {
    JsonObject changed = doc.copy();
    changed
        .getJsonObject("paths")
        .getJsonObject("/api/v1/home-visit-relationships/{relationshipId}")
        .getJsonObject("get")
        .put("x-audit-purpose", "curiosity");
    assertThat(problems(changed))
        .containsExactly("getHomeVisitRelationship: x-audit-purpose 'curiosity' is not a purpose");
  }

  // ------------------------------------------------------------------ the walk

  private static Set<String> audited(JsonObject doc) {
    Set<String> ids = new TreeSet<>();
    forEachOperation(
        doc,
        op -> {
          if (op.containsKey("x-audit-purpose")) {
            ids.add(op.getString("operationId"));
          }
        });
    return ids;
  }

  private static List<String> problems(JsonObject doc) {
    List<String> problems = new ArrayList<>();
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    forEachOperation(
        doc,
        op -> {
          String id = op.getString("operationId");
          boolean patientData = false;
          for (String status : op.getJsonObject("responses").fieldNames()) {
            if (!status.startsWith("2")) {
              continue;
            }
            JsonObject content = op.getJsonObject("responses").getJsonObject(status);
            JsonObject media = content.getJsonObject("content");
            if (media == null) {
              continue;
            }
            for (String type : media.fieldNames()) {
              Object schema = media.getJsonObject(type).getValue("schema");
              Set<String> reached = new TreeSet<>();
              reach(schema, schemas, reached);
              for (String name : reached) {
                Object mark = schemas.getJsonObject(name).getValue("x-patient-data");
                if (!(mark instanceof Boolean b)) {
                  problems.add(id + ": schema " + name + " does not say x-patient-data");
                } else {
                  patientData |= b;
                }
              }
            }
          }
          String purpose = op.getString("x-audit-purpose");
          if (patientData && purpose == null) {
            problems.add(id + ": answers with patient data but has no x-audit-purpose");
          }
          if (purpose != null && Purpose.fromValue(purpose).isEmpty()) {
            problems.add(id + ": x-audit-purpose '" + purpose + "' is not a purpose");
          }
        });
    return problems;
  }

  /**
   * Every component schema reachable from {@code node} through {@code $ref}s, not looking inside
   * those that carry patient data.
   */
  private static void reach(Object node, JsonObject schemas, Set<String> reached) {
    if (node instanceof JsonObject o) {
      String ref = o.getString("$ref");
      if (ref != null && ref.startsWith("#/components/schemas/")) {
        String name = ref.substring("#/components/schemas/".length());
        JsonObject schema = schemas.getJsonObject(name);
        // Inside a schema that carries patient data, nothing more needs deciding.
        if (reached.add(name) && !Boolean.TRUE.equals(schema.getValue("x-patient-data"))) {
          reach(schema, schemas, reached);
        }
      }
      for (String key : o.fieldNames()) {
        reach(o.getValue(key), schemas, reached);
      }
    } else if (node instanceof JsonArray a) {
      a.forEach(item -> reach(item, schemas, reached));
    }
  }

  private static void forEachOperation(
      JsonObject doc, java.util.function.Consumer<JsonObject> action) {
    JsonObject paths = doc.getJsonObject("paths");
    Set<String> seen = new HashSet<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op
            && op.containsKey("operationId")
            && seen.add(op.getString("operationId"))) {
          action.accept(op);
        }
      }
    }
  }

  private static JsonObject ref(String schema) {
    return new JsonObject().put("$ref", "#/components/schemas/" + schema);
  }

  private static JsonObject jsonBody(JsonObject schema) {
    return new JsonObject()
        .put("description", "x")
        .put(
            "content",
            new JsonObject().put("application/json", new JsonObject().put("schema", schema)));
  }
}
