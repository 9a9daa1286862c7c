package jp.oqsgateway.gateway.http.homevisit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.Test;

/**
 * The nightly re-inquiry stopped in the middle (the gateway stopped as Ctrl-C stops it: its runs
 * stop where they stand) and finished by a new gateway on the same database and terminal folders:
 * each patient's re-inquiry reaches the simulated terminal once and each patient's item ends once.
 */
class VisitReinquiryJobResumeTest {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final int PATIENTS = 60;
  private static final String PURPOSE = "reinquiry_resume";

  @Test
  void aRunStoppedMidwayIsFinishedByTheNextGatewayAndEveryPatientIsReInquiredOnce()
      throws Exception {
    LocalDate today = LocalDate.now(JST);
    LocalDate day = today.plusDays(1);
    List<SimulatedPerson> people = ReinquiryCounts.unchangingPersons(PEOPLE, today, day, PATIENTS);
    Path home = Files.createTempDirectory("oqsgw-home-");
    Vertx vertx = Vertx.vertx();
    InProcessGateway first = InProcessGateway.withSimulatedTerminalIn(home, PURPOSE, Map.of());
    TerminalSimulator terminal = first.startTerminal(PEOPLE);
    InProcessGateway second = null;
    try {
      ChartApi chart = new ChartApi(vertx, first);
      JsonArray visits = new JsonArray();
      for (int i = 0; i < people.size(); i++) {
        SimulatedPerson p = people.get(i);
        String patient = String.format("RS-%03d", i);
        terminal.recordHomeVisitConsent(
            p.id(), today.minusDays(10), EnumSet.allOf(ConsentScope.class), CareMode.HOME_VISIT);
        created(
            chart.send(
                HttpMethod.POST,
                "/api/v1/home-visit-relationships",
                new JsonObject()
                    .put("chartPatientId", patient)
                    .put("careForm", "medical")
                    .put("firstVisitDate", today.minusDays(10).toString())));
        created(
            chart.postCheck(
                "?wait=20",
                CheckBodies.forPerson(p, CheckBodies.AS_OF, today)
                    .put("chartPatientId", patient)
                    .put("limitApplicationConsent", false)));
        visits.add(new JsonObject().put("chartPatientId", patient).put("careForm", "medical"));
      }
      HttpResponse<Buffer> scheduled =
          chart.send(
              HttpMethod.PUT,
              "/api/v1/home-visit-schedule/" + day + "?team=r",
              new JsonObject().put("visits", visits));
      assertThat(scheduled.statusCode()).as(scheduled.bodyAsString()).isEqualTo(200);
      long pickedUpBefore = terminal.pickedUpCount();

      ChartApi ops = new ChartApi(vertx, first, Role.OPS);
      HttpResponse<Buffer> started =
          ops.send(
              HttpMethod.POST,
              "/api/v1/jobs",
              new JsonObject()
                  .put("kind", "home-visit-reinquiry")
                  .put("params", new JsonObject().put("date", day.toString()).put("team", "r")));
      assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
      String jobId = started.bodyAsJsonObject().getString("id");
      await("a third of the patients done")
          .atMost(Duration.ofSeconds(120))
          .until(() -> job(ops, jobId).getInteger("done") >= PATIENTS / 3);
      String databaseUrl = first.databaseUrl();
      assertThat(job(ops, jobId).containsKey("finishedAt")).as("stopped in the middle").isFalse();
      first.stopKeepingHome();

      second =
          InProcessGateway.withSimulatedTerminalIn(home, PURPOSE, Map.of("pg.url", databaseUrl));
      ChartApi after = new ChartApi(vertx, second, Role.OPS);
      await("the job finished by the next gateway")
          .atMost(Duration.ofSeconds(180))
          .until(() -> job(after, jobId).containsKey("finishedAt"));

      JsonObject job = job(after, jobId);
      assertThat(job.getString("state")).isEqualTo("done");
      assertThat(job.getInteger("total")).isEqualTo(PATIENTS);
      assertThat(job.getInteger("done"))
          .as(
              "one outcome per patient, none failed: %s",
              second
                  .query(
                      "select outcome, detail from job_item where job_id = $1::uuid"
                          + " and state = 'failed'",
                      jobId)
                  .stream()
                  .map(r -> r.getString("outcome") + ":" + r.getString("detail"))
                  .toList())
          .isEqualTo(PATIENTS);
      Map<String, Long> checksPerPatient = ReinquiryCounts.answeredPerPatient(second, jobId);
      assertThat(checksPerPatient).as("one answered re-inquiry per patient").hasSize(PATIENTS);
      assertThat(checksPerPatient.values()).allMatch(n -> n == 1);
      assertThat(terminal.pickedUpCount() - pickedUpBefore)
          .as("re-inquiries the simulated terminal received: each patient's once")
          .isEqualTo(PATIENTS);
      assertThat(
              second
                  .firstRow(
                      "select count(*) as n from job_item where job_id = $1::uuid"
                          + " and outcome = 'unchanged'",
                      jobId)
                  .getLong("n"))
          .isEqualTo(PATIENTS);
    } finally {
      terminal.stop();
      if (second != null) {
        second.close();
      } else {
        first.close();
      }
      vertx.close().await();
    }
  }

  private static void created(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  private static JsonObject job(ChartApi api, String jobId) {
    HttpResponse<Buffer> r = api.get("/api/v1/jobs/" + jobId);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }
}
