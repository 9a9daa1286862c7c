package jp.oqsgateway.gateway.patients;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The bulk 照会番号 registration as the {@code reference-registration} job, against the real simulated
 * terminal, link and database: every linked patient without a 照会番号 registered in one upload, by a
 * job that a gateway stopped between the phases leaves to the next gateway on the same database,
 * which finishes it without uploading again.
 */
class ReferenceRegistrationJobTest {
  private static final LocalDate AS_OF = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final List<SimulatedPerson> REGISTRABLE = CheckBodies.registrable(PEOPLE);

  @Test
  void everyUnregisteredPatientIsRegisteredInOneUploadAcrossARestartBetweenThePhases()
      throws Exception {
    Path root = Files.createTempDirectory("oqsgw-refjob-");
    Map<String, String> settings = new HashMap<>();
    settings.put("oqs.institution-code", SimulatorOptions.DEFAULT_INSTITUTION);
    settings.put("oqs.link.scan-interval", "200ms");
    settings.put("oqs.link.bulk-reask-interval", "300ms");
    settings.put("oqs.link.face-max-age", "36500d");
    settings.put("oqs.root", root.toString());
    TerminalSimulator terminal =
        new TerminalSimulator(SimulatorOptions.defaults(root), PEOPLE).start();
    InProcessGateway first = InProcessGateway.start("reference_job", settings);
    InProcessGateway second = null;
    try {
      List<SimulatedPerson> people = REGISTRABLE.subList(10, 13);
      for (int i = 0; i < people.size(); i++) {
        link(first, "RJ-" + i, cardReading(first, terminal, people.get(i)));
      }
      terminal.faults().setDown(true);
      HttpResponse<Buffer> started =
          first
              .client()
              .post(first.apiPort(), "127.0.0.1", "/api/v1/jobs")
              .putHeader("Authorization", first.bearer(Role.OPS))
              .sendJsonObject(
                  new JsonObject()
                      .put("kind", "reference-registration")
                      .put("params", new JsonObject()))
              .await();
      assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
      String jobId = started.bodyAsJsonObject().getString("id");
      await("the upload is handed to the link")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  first
                          .firstRow(
                              "select count(*) from reference_registration"
                                  + " where trigger = 'bulk' and exchange_id is not null")
                          .getLong(0)
                      == 3);
      settings.put("pg.url", TestDatabase.url(first.gateway().database().endpoint()));
      first.close();

      second = InProcessGateway.start("reference_job_unused", settings);
      terminal.faults().setDown(false);
      InProcessGateway again = second;
      JsonObject job =
          await("the job ends")
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> {
                    JsonObject j = get(again, "/api/v1/jobs/" + jobId);
                    return List.of("done", "failed").contains(j.getString("state")) ? j : null;
                  },
                  Objects::nonNull);

      assertThat(job.getString("state")).isEqualTo("done");
      assertThat(job.getJsonObject("outcomes").getInteger("registered")).isEqualTo(1);
      JsonArray items = get(again, "/api/v1/jobs/" + jobId + "/items").getJsonArray("items");
      assertThat(items.getJsonObject(0).getString("detail"))
          .isEqualTo("registered 3, failed 0, not sent 0");
      assertThat(
              again
                  .firstRow(
                      "select count(distinct exchange_id), count(*) from reference_registration"
                          + " where trigger = 'bulk'")
                  .getLong(0))
          .as("one upload for all three")
          .isEqualTo(1);
      for (int i = 0; i < people.size(); i++) {
        assertThat(terminal.referenceNumber(people.get(i).id())).contains("RJ-" + i);
      }
    } finally {
      terminal.stop();
      if (second != null) {
        second.close();
      }
      TestDatabase.deleteQuietly(root);
    }
  }

  private static JsonObject get(InProcessGateway g, String path) {
    return g.client()
        .get(g.apiPort(), "127.0.0.1", path)
        .putHeader("Authorization", g.bearer(Role.OPS))
        .send()
        .await()
        .bodyAsJsonObject();
  }

  private static String cardReading(
      InProcessGateway g, TerminalSimulator terminal, SimulatedPerson p) {
    Instant at = AS_OF.atTime(LocalTime.of(10, 0)).atZone(JST).toInstant();
    return g.awaitCheckOfResultFile(terminal.simulateCardReading(p.id(), at));
  }

  private static void link(InProcessGateway g, String patient, String checkId) {
    HttpResponse<Buffer> r =
        g.client()
            .put(g.apiPort(), "127.0.0.1", "/api/v1/patients/" + patient + "/links/" + checkId)
            .putHeader("Authorization", g.bearer(Role.CHART))
            .send()
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }
}
