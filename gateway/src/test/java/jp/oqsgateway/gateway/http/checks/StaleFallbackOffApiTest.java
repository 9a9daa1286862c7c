package jp.oqsgateway.gateway.http.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code qualification.stale-fallback=false}: with the simulated terminal stopped, a check is never
 * answered with the last known qualification; it waits (202) or fails LINK_DOWN (503 problem).
 */
@ExtendWith(VertxExtension.class)
class StaleFallbackOffApiTest {
  private static final LocalDate BASE = SimulatedPopulation.DEFAULT_TIMELINE_BASE;
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
              "stale_off",
              Map.of("oqs.link.pickup-threshold", "1s", "qualification.stale-fallback", "false"))
          .andTerminal(PEOPLE);

  private static final ChartApi api = ChartApi.of(gw);

  private HttpResponse<Buffer> post(String query, JsonObject body) {
    return api.postCheck(query, body);
  }

  private String state(String checkId) {
    return gw.firstRow(
            "select state from qualification_check where id = $1", UUID.fromString(checkId))
        .getString("state");
  }

  @Test
  void withTheFallbackOffAStoppedTerminalIsNeverAnsweredStale() {
    SimulatedPerson person = PEOPLE.first("lostLater");
    HttpResponse<Buffer> fresh =
        post("?wait=20", CheckBodies.forPerson(person, BASE.plusDays(1), BASE.plusDays(1)));
    assertThat(fresh.statusCode()).as(fresh.bodyAsString()).isEqualTo(201);

    gw.terminal().faults().setDown(true);
    try {
      // Twice: once while the link is still thought UP, once after the pick-up threshold made it
      // DOWN. A last known answer exists for this person, so the fallback would serve it (200).
      for (int i = 0; i < 2; i++) {
        HttpResponse<Buffer> r =
            post("?wait=4", CheckBodies.forPerson(person, BASE.plusDays(1), BASE.plusDays(40)));
        assertThat(r.statusCode()).as(r.bodyAsString()).isIn(202, 503);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getBoolean("stale", false)).as(body.encode()).isFalse();
        assertThat(body.containsKey("qualification")).as(body.encode()).isFalse();
        String id;
        if (r.statusCode() == 503) {
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(body.getString("type")).as(body.encode()).endsWith("check-link-down");
          id = body.getString("checkId");
        } else {
          assertThat(body.getString("state")).as(body.encode()).isEqualTo("WAITING");
          id = body.getString("id");
        }
        assertThat(state(id)).isNotEqualTo("STALE_QUEUED");
      }
    } finally {
      gw.terminal().faults().setDown(false);
    }
  }
}
