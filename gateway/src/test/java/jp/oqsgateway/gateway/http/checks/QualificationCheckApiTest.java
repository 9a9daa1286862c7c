package jp.oqsgateway.gateway.http.checks;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chart system checking qualifications through the API, against the gateway's real router, link
 * and database and the simulated terminal on the same folders.
 */
@ExtendWith(VertxExtension.class)
class QualificationCheckApiTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  // The shortest answer deadline, so the 504 path is exercised in seconds.
  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal("checks", Map.of("oqs.link.timeout", "10s"))
          .andTerminal(PEOPLE);

  private static final ChartApi api = ChartApi.of(gw);

  private HttpResponse<Buffer> post(String query, JsonObject body) {
    return api.postCheck(query, body);
  }

  /**
   * Posts a check the terminal fails with {@code fault}; the answer is a problem of {@code status}.
   */
  private JsonObject problemWhenTheTerminalFails(FaultType fault, String query, int status) {
    gw.terminal().faults().add(FaultRule.next("OQSsiquc01", 1, fault));
    HttpResponse<Buffer> r = post(query, CheckBodies.forPerson(PEOPLE.first("family")));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    return r.bodyAsJsonObject();
  }

  /** Posts a check for a person of the family, with {@code insurerNumber} in place of theirs. */
  private HttpResponse<Buffer> postWithInsurerNumber(String insurerNumber) {
    return post(
        "", CheckBodies.forPerson(PEOPLE.first("family")).put("insurerNumber", insurerNumber));
  }

  private HttpResponse<Buffer> get(String path) {
    return api.get(path);
  }

  @Test
  void withoutATokenTheApiAnswers401AndSaysBearerIsExpected() {
    HttpResponse<Buffer> r =
        api.anonymous()
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/qualification-checks")
            .sendJsonObject(CheckBodies.forPerson(PEOPLE.first("family")))
            .await();
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void anOperatorTokenMayNotReadPatientsQualifications() {
    HttpResponse<Buffer> r =
        api.anonymous()
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/qualification-checks")
            .putHeader("Authorization", gw.bearer(Role.OPS))
            .sendJsonObject(CheckBodies.forPerson(PEOPLE.first("family")))
            .await();
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("chart");
  }

  @Test
  void aCheckByCardNumbersIsAnsweredWithTheQualificationAndItsJapaneseLabels() {
    SimulatedPerson person = PEOPLE.first("elderly:030");
    HttpResponse<Buffer> r = post("?wait=20", CheckBodies.forPerson(person));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject check = r.bodyAsJsonObject();
    assertThat(r.getHeader("Location"))
        .isEqualTo("/api/v1/qualification-checks/" + check.getString("id"));
    assertThat(check.getString("state")).isEqualTo("ANSWERED");
    JsonObject q = check.getJsonObject("qualification");
    assertThat(q.getJsonObject("qualificationValidity").getString("label")).isEqualTo("有効");
    JsonObject first = q.getJsonArray("results").getJsonObject(0);
    assertThat(first.getString("birthdate")).isEqualTo(person.birthDate().toString());
    assertThat(
            first
                .getJsonObject("elderlyRecipientCertificateInfo")
                .getInteger("elderlyRecipientContributionRatio"))
        .isEqualTo(30);

    HttpResponse<Buffer> again = get(r.getHeader("Location"));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(
            gw.firstRow(
                    "select requested_by from qualification_check where id = '"
                        + check.getString("id")
                        + "'")
                .getString(0))
        .as("the check records who asked")
        .isEqualTo("test-client");
    assertThat(again.bodyAsJsonObject().getString("state")).isEqualTo("ANSWERED");
  }

  @Test
  void aSlowTerminalGets202AndTheCheckIsAnsweredLater() throws Exception {
    gw.terminal().faults().add(FaultRule.next("OQSsiquc01", 1, FaultType.LATENCY).withMillis(1500));
    HttpResponse<Buffer> r = post("?wait=0", CheckBodies.forPerson(PEOPLE.first("family")));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("WAITING");
    String location = r.getHeader("Location");
    String state =
        await("the slow check ended")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> get(location).bodyAsJsonObject().getString("state"),
                s -> !s.equals("WAITING"));
    assertThat(state).isEqualTo("ANSWERED");
  }

  @Test
  void aTerminalErrorIsA502ProblemNamingTheCheckWhichThenReadsFailedWithOqsError() {
    JsonObject problem = problemWhenTheTerminalFails(FaultType.ERR, "?wait=20", 502);
    assertThat(problem.getInteger("status")).isEqualTo(502);
    String checkId = problem.getString("checkId");
    assertThat(checkId).isNotBlank();

    HttpResponse<Buffer> got = get("/api/v1/qualification-checks/" + checkId);
    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    JsonObject check = got.bodyAsJsonObject();
    assertThat(check.getString("state")).isEqualTo("FAILED");
    assertThat(check.getJsonObject("failure").getString("reason")).isEqualTo("OQS_ERROR");
  }

  @Test
  void aRequestTheTerminalTookButNeverAnsweredIsA504AndTheCheckReadsOutcomeUnknown() {
    JsonObject problem = problemWhenTheTerminalFails(FaultType.NO_ANSWER, "?wait=30", 504);
    assertThat(problem.getString("type")).endsWith("outcome-unknown");
    String checkId = problem.getString("checkId");

    JsonObject check = get("/api/v1/qualification-checks/" + checkId).bodyAsJsonObject();
    assertThat(check.getString("state")).isEqualTo("FAILED");
    assertThat(check.getJsonObject("failure").getString("reason")).isEqualTo("OUTCOME_UNKNOWN");
    assertThat(check.getJsonObject("failure").getString("message")).contains("応答がありません");
    JsonObject event =
        (JsonObject)
            gw.firstRow(
                    "select payload from outbox_event where type = 'check.failed'"
                        + " and payload->>'checkId' = $1",
                    checkId)
                .getJson("payload");
    assertThat(event.getString("failureReason")).isEqualTo("OUTCOME_UNKNOWN");
  }

  @Test
  void onceTheDaysRequestNumbersAreUsedUpACheckFailsSayingSoAndNothingIsWritten() throws Exception {
    java.time.LocalDate today = java.time.LocalDate.now(gw.config().link().zone());
    // Where the day's numbers stood (a restored sequence must not hand out used names again).
    var stood = gw.query("select last from oqs_request_sequence where day = $1", today).iterator();
    Integer last = stood.hasNext() ? stood.next().getInteger(0) : null;
    gw.query(
        "insert into oqs_request_sequence (day, last) values ($1, 999999)"
            + " on conflict (day) do update set last = 999999",
        today);
    java.nio.file.Path req = gw.config().link().reqDir();
    try {
      // The link holds the next number, reserved ahead before the day ran out: one check may
      // still go out with it, the next may not.
      long filesBefore = filesIn(req);
      HttpResponse<Buffer> r = post("?wait=5", CheckBodies.forPerson(PEOPLE.first("family")));
      if (r.statusCode() != 503) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        filesBefore = filesIn(req);
        r = post("?wait=5", CheckBodies.forPerson(PEOPLE.first("family")));
      }

      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
      JsonObject check =
          get("/api/v1/qualification-checks/" + r.bodyAsJsonObject().getString("checkId"))
              .bodyAsJsonObject();
      assertThat(check.getString("state")).isEqualTo("FAILED");
      assertThat(check.getJsonObject("failure").getString("reason"))
          .isEqualTo("REQUEST_NUMBERS_USED_UP");
      assertThat(check.getJsonObject("failure").getString("message")).contains("上限件数");
      assertThat(filesIn(req)).as("files in req/").isEqualTo(filesBefore);
    } finally {
      if (last == null) {
        gw.query("delete from oqs_request_sequence where day = $1", today);
      } else {
        gw.query("update oqs_request_sequence set last = $2 where day = $1", today, last);
      }
    }
  }

  private static long filesIn(java.nio.file.Path dir) throws java.io.IOException {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void aBodyThatBreaksTheSchemaIsRefusedByTheRouterNamingTheField() {
    HttpResponse<Buffer> r = postWithInsurerNumber("12ab5678");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("field")).isEqualTo("insurerNumber");
    assertThat(problem.getString("detail"))
        .startsWith("insurerNumber: ")
        .doesNotContain("12ab5678");
  }

  @Test
  void theLimitConsentIsRequiredAndNeverAssumed() {
    JsonObject body = CheckBodies.forPerson(PEOPLE.first("family"));
    body.remove("limitApplicationConsent");
    HttpResponse<Buffer> r = post("", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("limitApplicationConsent");
  }

  @Test
  void aWrongCheckDigitIsRefusedSayingWhichDigitItShouldBe() {
    HttpResponse<Buffer> r = postWithInsurerNumber("06139985");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("field")).isEqualTo("insurerNumber");
    assertThat(problem.getString("detail")).isEqualTo("insurerNumber: check digit should be 4");
  }

  @Test
  void anUnknownFieldAndAnUnknownCheckAndAMalformedIdAreEachTheirOwnProblem() {
    assertThat(
            post("", CheckBodies.forPerson(PEOPLE.first("family")).put("patientName", "x"))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<Buffer> missing =
        get("/api/v1/qualification-checks/7d0c7cf4-5bd0-4f3a-9c3c-1b1b1b1b1b1b");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> malformed = get("/api/v1/qualification-checks/not-a-uuid");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getString("detail")).contains("checkId");
  }

  @Test
  void theOpenApiDocumentTheRouterUsesIsServed() {
    HttpResponse<Buffer> r = get("/openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString())
        .contains("openapi: 3.1.0")
        .contains("operationId: createQualificationCheck");
  }
}
