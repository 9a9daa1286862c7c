package jp.oqsgateway.gateway.http.checks;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 4's acceptance: with the simulated terminal stopped, a check answers in time with the last
 * known qualification marked stale and guidance for staff (503 with guidance when nothing is
 * known); when the terminal answers again the queued checks end ANSWERED, and a difference from the
 * stale answer raises {@code qualification.changed}.
 */
@ExtendWith(VertxExtension.class)
class StaleFallbackApiTest {
  private static final LocalDate BASE = SimulatedPopulation.DEFAULT_TIMELINE_BASE;
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
              "stale", Map.of("oqs.link.pickup-threshold", "2s"))
          .andTerminal(PEOPLE);

  private static final ChartApi api = ChartApi.of(gw);
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
  }

  private HttpResponse<Buffer> post(String query, JsonObject body) {
    return api.postCheck(query, body);
  }

  private JsonObject get(String id) {
    return api.get("/api/v1/qualification-checks/" + id).bodyAsJsonObject();
  }

  private JsonObject awaitEnded(String id) {
    return await("the queued check ended")
        .atMost(Duration.ofSeconds(40))
        .until(() -> get(id), check -> !check.getString("state").equals("STALE_QUEUED"));
  }

  private List<JsonObject> events(String type, String checkId) {
    List<JsonObject> found = new ArrayList<>();
    for (Row r :
        gw.query(
            "select payload from outbox_event where type = $1 and payload->>'checkId' = $2",
            type,
            checkId)) {
      found.add((JsonObject) r.getJson("payload"));
    }
    return found;
  }

  @Test
  void withTheTerminalStoppedAStaleAnswerWithGuidanceIsServedAndTheQueuedCheckCompletesLater() {
    // 資格喪失予定: valid on BASE+1, lost from BASE+30 (same numbers).
    SimulatedPerson person = PEOPLE.first("lostLater");
    HttpResponse<Buffer> fresh =
        post("?wait=20", CheckBodies.forPerson(person, BASE.plusDays(1), BASE.plusDays(1)));
    assertThat(fresh.statusCode()).as(fresh.bodyAsString()).isEqualTo(201);
    String freshId = fresh.bodyAsJsonObject().getString("id");
    assertThat(fresh.bodyAsJsonObject().getBoolean("stale")).isFalse();

    String staleId;
    String unknownId;
    gw.terminal().faults().setDown(true);
    try {
      long started = System.nanoTime();
      HttpResponse<Buffer> r =
          post("?wait=20", CheckBodies.forPerson(person, BASE.plusDays(1), BASE.plusDays(40)));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(took)
          .as("served within the pick-up threshold, not the wait")
          .isLessThan(Duration.ofSeconds(15));
      JsonObject stale = r.bodyAsJsonObject();
      staleId = stale.getString("id");
      assertThat(r.getHeader("Location")).endsWith(staleId);
      assertThat(stale.getString("state")).isEqualTo("STALE_QUEUED");
      assertThat(stale.getBoolean("stale")).isTrue();
      assertThat(stale.getBoolean("oqsUnreachable")).isTrue();
      assertThat(stale.getString("staleCheckId")).isEqualTo(freshId);
      assertThat(stale.getLong("ageSeconds")).isGreaterThanOrEqualTo(0);
      assertThat(stale.getString("guidance"))
          .contains("資格情報のお知らせ", "マイナポータル", "被保険者資格申立書", "自動的に再実行");
      assertThat(
              stale
                  .getJsonObject("qualification")
                  .getJsonObject("qualificationValidity")
                  .getString("code"))
          .isEqualTo("1");

      // Nothing known about this person, and the link is now known DOWN: 503 at once, queued.
      SimulatedPerson unknown = PEOPLE.first("elderly:030");
      long t0 = System.nanoTime();
      HttpResponse<Buffer> none =
          post("?wait=20", CheckBodies.forPerson(unknown, BASE.plusDays(1), BASE.plusDays(1)));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(none.statusCode()).as(none.bodyAsString()).isEqualTo(503);
      assertThat(none.getHeader("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = none.bodyAsJsonObject();
      assertThat(problem.getBoolean("oqsUnreachable")).isTrue();
      assertThat(problem.getString("guidance")).contains("被保険者資格申立書");
      unknownId = problem.getString("checkId");
      assertThat(get(unknownId).getString("state")).isEqualTo("STALE_QUEUED");
      assertThat(get(unknownId).getBoolean("stale")).isFalse();
    } finally {
      gw.terminal().faults().setDown(false);
    }

    List<JsonObject> queuedStale = events("check.queued", staleId);
    assertThat(queuedStale).hasSize(1);
    assertThat(queuedStale.get(0).getBoolean("staleServed")).isTrue();
    assertThat(queuedStale.get(0).getString("staleCheckId")).isEqualTo(freshId);
    assertThat(events("check.queued", unknownId).get(0).getBoolean("staleServed")).isFalse();
    assertThat(metric("oqsgw_checks_queued")).isGreaterThanOrEqualTo(2);
    assertThat(metric("oqsgw_checks_stale_served_total")).isGreaterThanOrEqualTo(1);

    // The terminal answers again: the queued checks end, the stale one with a different answer.
    JsonObject answered = awaitEnded(staleId);
    assertThat(answered.getString("state")).isEqualTo("ANSWERED");
    assertThat(answered.getBoolean("stale")).isFalse();
    assertThat(
            answered
                .getJsonObject("qualification")
                .getJsonObject("qualificationValidity")
                .getString("code"))
        .isNotEqualTo("1");
    assertThat(events("check.answered", staleId)).hasSize(1);
    List<JsonObject> changed = events("qualification.changed", staleId);
    assertThat(changed).hasSize(1);
    JsonObject payload = changed.get(0);
    assertThat(payload.fieldNames())
        .containsExactlyInAnyOrder("checkId", "staleCheckId", "chartPatientId", "fields");
    assertThat(payload.getString("staleCheckId")).isEqualTo(freshId);
    assertThat(payload.getJsonArray("fields").getList()).contains("qualificationValidity");

    JsonObject rerun = awaitEnded(unknownId);
    assertThat(rerun.getString("state")).isEqualTo("ANSWERED");
    assertThat(rerun.getString("rerunAt")).as("sent again as a new exchange").isNotNull();
    assertThat(rerun.getString("exchangeId")).isNotNull();
    List<JsonObject> rerunEvents = events("check.answered", unknownId);
    assertThat(rerunEvents).hasSize(1);
    assertThat(rerunEvents.get(0).getBoolean("queued")).isTrue();
    assertThat(events("qualification.changed", unknownId))
        .as("nothing stale to differ from")
        .isEmpty();
    assertThat(metric("oqsgw_checks_queued")).isZero();
  }

  @Test
  void withoutAChartPatientIdTheLastAnswerForTheSameNumbersAndBirthDateIsServedStale() {
    SimulatedPerson person = PEOPLE.first("noExpiry");
    JsonObject body = CheckBodies.forPerson(person);
    body.remove("chartPatientId");
    HttpResponse<Buffer> fresh = post("?wait=20", body);
    assertThat(fresh.statusCode()).as(fresh.bodyAsString()).isEqualTo(201);

    String staleId;
    gw.terminal().faults().setDown(true);
    try {
      HttpResponse<Buffer> r = post("?wait=20", body);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getString("staleCheckId"))
          .isEqualTo(fresh.bodyAsJsonObject().getString("id"));
      staleId = r.bodyAsJsonObject().getString("id");
    } finally {
      gw.terminal().faults().setDown(false);
    }
    assertThat(awaitEnded(staleId).getString("state")).isEqualTo("ANSWERED");
    assertThat(events("qualification.changed", staleId)).as("same answer").isEmpty();
  }

  @Test
  void aChartPatientIdWithAnotherPersonsNumbersGetsNoStaleAnswer() {
    SimulatedPerson person = PEOPLE.withTag("noExpiry").get(3);
    JsonObject body = CheckBodies.forPerson(person).put("chartPatientId", "SAME-PERSON-1");
    HttpResponse<Buffer> fresh = post("?wait=20", body);
    assertThat(fresh.statusCode()).as(fresh.bodyAsString()).isEqualTo(201);

    List<String> queued = new ArrayList<>();
    gw.terminal().faults().setDown(true);
    try {
      JsonObject otherNumber =
          body.copy()
              .put(
                  "insuredIdentificationNumber",
                  body.getString("insuredIdentificationNumber") + "9");
      JsonObject otherBirthDate =
          body.copy()
              .put(
                  "birthdate",
                  LocalDate.parse(body.getString("birthdate")).minusDays(1).toString());
      for (JsonObject notTheSamePerson : List.of(otherNumber, otherBirthDate)) {
        HttpResponse<Buffer> r = post("?wait=20", notTheSamePerson);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
        JsonObject problem = r.bodyAsJsonObject();
        assertThat(problem.getString("type")).endsWith("check-oqs-unreachable");
        assertThat(problem.containsKey("qualification")).isFalse();
        queued.add(problem.getString("checkId"));
        assertThat(get(problem.getString("checkId")).getBoolean("stale")).isFalse();
      }
      // The same numbers under the same chart patient id are the same person: served stale.
      HttpResponse<Buffer> same = post("?wait=20", body);
      assertThat(same.statusCode()).as(same.bodyAsString()).isEqualTo(200);
      assertThat(same.bodyAsJsonObject().getString("staleCheckId"))
          .isEqualTo(fresh.bodyAsJsonObject().getString("id"));
      queued.add(same.bodyAsJsonObject().getString("id"));
    } finally {
      gw.terminal().faults().setDown(false);
    }
    queued.forEach(
        id -> assertThat(awaitEnded(id).getString("state")).isNotEqualTo("STALE_QUEUED"));
  }

  @Test
  void aQueuedCheckWhoseReRunOqsRefusesEndsFailedWithItsEvent() {
    SimulatedPerson person = PEOPLE.first("family");
    String queuedId;
    gw.terminal().faults().setDown(true);
    try {
      HttpResponse<Buffer> r =
          post("?wait=20", CheckBodies.forPerson(person).put("chartPatientId", "RERUN-FAILS-1"));
      assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 503);
      queuedId =
          r.statusCode() == 200
              ? r.bodyAsJsonObject().getString("id")
              : r.bodyAsJsonObject().getString("checkId");
      // Every request now fails at the terminal: the first exchange and the re-run alike.
      gw.terminal().faults().add(FaultRule.always("OQSsiquc01", FaultType.ERR));
    } finally {
      gw.terminal().faults().setDown(false);
    }
    try {
      JsonObject ended = awaitEnded(queuedId);
      assertThat(ended.getString("state")).isEqualTo("FAILED");
      assertThat(ended.getJsonObject("failure").getString("reason")).isEqualTo("OQS_ERROR");
      List<JsonObject> failed = events("check.failed", queuedId);
      assertThat(failed).hasSize(1);
      assertThat(failed.get(0).getBoolean("queued")).isTrue();
      assertThat(failed.get(0).getString("failureReason")).isEqualTo("OQS_ERROR");
      assertThat(events("check.answered", queuedId)).isEmpty();
    } finally {
      gw.terminal().faults().clear();
    }
  }

  @Test
  void aCheckQueuedBeforeTheGatewayStoppedIsReRunByTheNextStart() throws Exception {
    Path shared = Files.createTempDirectory("oqsgw-stale-restart-");
    TerminalSimulator sharedTerminal =
        new TerminalSimulator(SimulatorOptions.defaults(shared), PEOPLE).start();
    Map<String, String> settings = new HashMap<>();
    settings.put("oqs.root", shared.toString());
    settings.put("oqs.link.pickup-threshold", "2s");
    try {
      sharedTerminal.faults().setDown(true);
      String queuedId;
      String dbUrl;
      try (InProcessGateway first =
          InProcessGateway.withSimulatedTerminal("stale_restart", settings)) {
        dbUrl = TestDatabase.url(first.gateway().database().endpoint());
        HttpResponse<Buffer> r =
            new ChartApi(vertx, first)
                .postCheck("?wait=20", CheckBodies.forPerson(PEOPLE.first("elderly:020")));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
        queuedId = r.bodyAsJsonObject().getString("checkId");
      }

      settings.put("pg.url", dbUrl);
      try (InProcessGateway second =
          InProcessGateway.withSimulatedTerminal("stale_restart_unused", settings)) {
        ChartApi again = new ChartApi(vertx, second);
        assertThat(
                again
                    .get("/api/v1/qualification-checks/" + queuedId)
                    .bodyAsJsonObject()
                    .getString("state"))
            .isEqualTo("STALE_QUEUED");
        sharedTerminal.faults().setDown(false);
        JsonObject check =
            await("the queued check ended after the restart")
                .atMost(Duration.ofSeconds(40))
                .until(
                    () -> again.get("/api/v1/qualification-checks/" + queuedId).bodyAsJsonObject(),
                    c -> !c.getString("state").equals("STALE_QUEUED"));
        assertThat(check.getString("state")).as(check.encode()).isEqualTo("ANSWERED");
      }
    } finally {
      sharedTerminal.stop();
      TestDatabase.deleteQuietly(shared);
    }
  }

  /** The value of an unlabelled gauge or counter on the management server's /metrics. */
  private long metric(String name) {
    String body =
        io.vertx.ext.web.client.WebClient.create(vertx)
            .get(gw.managementPort(), "127.0.0.1", "/metrics")
            .send()
            .await()
            .bodyAsString();
    for (String line : body.split("\n")) {
      if (line.startsWith(name + " ")) {
        return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError(name + " is not published");
  }
}
