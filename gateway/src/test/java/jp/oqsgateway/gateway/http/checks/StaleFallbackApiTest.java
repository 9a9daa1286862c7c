package jp.oqsgateway.gateway.http.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
  private static InProcessGateway gw;
  private static TerminalSimulator terminal;
  private static ChartApi api;

  @BeforeAll
  static void start(Vertx vertx) {
    gw = InProcessGateway.withSimulatedTerminal("stale", Map.of("oqs.link.pickup-threshold", "2s"));
    terminal = gw.startTerminal(PEOPLE);
    api = new ChartApi(vertx, gw);
  }

  @AfterAll
  static void stop() {
    terminal.stop();
    gw.close();
  }

  private HttpResponse<Buffer> post(String query, JsonObject body) {
    return api.postCheck(query, body);
  }

  private JsonObject get(String id) {
    return api.get("/api/v1/qualification-checks/" + id).bodyAsJsonObject();
  }

  private JsonObject awaitEnded(String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    JsonObject check = get(id);
    while (check.getString("state").equals("STALE_QUEUED") && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      check = get(id);
    }
    return check;
  }

  private List<JsonObject> events(String type, String checkId) {
    List<JsonObject> found = new ArrayList<>();
    for (Row r :
        gw.gateway()
            .pool()
            .preparedQuery(
                "select payload from outbox_event where type = $1 and payload->>'checkId' = $2")
            .execute(Tuple.of(type, checkId))
            .await()) {
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
    terminal.faults().setDown(true);
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
      terminal.faults().setDown(false);
    }

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
  }
}
