package jp.oqsgateway.gateway.http.checks;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.Test;

/**
 * A check whose request was pending when the gateway stopped, resumed by a gateway whose req/ is
 * another folder, fails explicitly with a clear reason (it no longer waits for ever), and the ops
 * role may send it again.
 */
class CheckOfAMovedRequestFolderTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  @Test
  void aCheckPendingWhenTheGatewayStoppedFailsClearlyWhenTheNextGatewaysReqIsAnotherFolder()
      throws Exception {
    Path home = Files.createTempDirectory("oqsgw-home-");
    InProcessGateway first = InProcessGateway.withSimulatedTerminalIn(home, "movedreq", Map.of());
    InProcessGateway second = null;
    try {
      HttpResponse<Buffer> posted =
          ChartApi.of(first)
              .postCheck("?wait=0", CheckBodies.forPerson(CheckBodies.coveredToday(PEOPLE, 0)));
      assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(202);
      UUID checkId = UUID.fromString(posted.bodyAsJsonObject().getString("id"));
      String databaseUrl = first.databaseUrl();
      first.stopKeepingHome();

      second =
          InProcessGateway.withSimulatedTerminalIn(
              home,
              "movedreq",
              Map.of(
                  "pg.url",
                  databaseUrl,
                  "oqs.req-dir",
                  home.resolve("var/oqs/req-moved").toString()));
      InProcessGateway gw = second;
      await("the check ends")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  !"WAITING"
                      .equals(
                          gw.firstRow(
                                  "select state from qualification_check where id = $1", checkId)
                              .getString("state")));
      Row check =
          gw.firstRow(
              "select state, failure_reason, failure_detail from qualification_check where id = $1",
              checkId);
      assertThat(check.getString("state")).isEqualTo("FAILED");
      assertThat(check.getString("failure_reason")).isEqualTo("OUTCOME_UNKNOWN");
      assertThat(check.getString("failure_detail"))
          .contains("request folder this gateway used before");
    } finally {
      if (second != null) {
        second.close();
      } else {
        first.close();
      }
    }
  }
}
