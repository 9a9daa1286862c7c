package jp.oqsgateway.gateway.http.homevisit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.GatewayProcess;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.Test;

/**
 * The nightly re-inquiry of 1,000 patients, its gateway process killed ({@code kill -9}: no
 * shutdown hook, open transactions rolled back by PostgreSQL, requests in {@code req/} and answers
 * in {@code res/} left where they lie) a third of the way through, and finished by the next gateway
 * on the same database and terminal share: every patient re-inquired exactly once, counted in the
 * database and at the simulated terminal.
 */
class NightlyReinquiryKilledIT {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final int PATIENTS = 1000;
  private static final int TEAM_SIZE = 500;
  private static final int IN_FLIGHT = 40;
  private static final String PURPOSE = "reinquiry_killed";

  @Test
  void aNightlyRunKilledMidwayIsFinishedByTheNextGatewayAndEachPatientIsReInquiredExactlyOnce()
      throws Exception {
    LocalDate today = LocalDate.now(JST);
    LocalDate day = today.plusDays(1);
    SimulatedPopulation population =
        SimulatedPopulation.generate(
            SimulatedPopulation.DEFAULT_SEED,
            4 * PATIENTS,
            SimulatedPopulation.DEFAULT_TIMELINE_BASE);
    List<SimulatedPerson> people =
        ReinquiryCounts.unchangingPersons(population, today, day, PATIENTS);
    Path home = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-it-");
    Vertx vertx = Vertx.vertx();
    WebClient http = WebClient.create(vertx);
    InProcessGateway first =
        InProcessGateway.withSimulatedTerminalIn(
            home,
            PURPOSE,
            Map.of("api.rate-limit.requests-per-second", "1000", "api.rate-limit.burst", "2000"));
    TerminalSimulator terminal = first.startTerminal(population);
    GatewayProcess killed = null;
    InProcessGateway second = null;
    try {
      // The day before: 1,000 patients in continuing home-visit care, each checked once.
      long t0 = System.currentTimeMillis();
      String chart = first.bearer(Role.CHART);
      String base = "http://127.0.0.1:" + first.apiPort();
      for (SimulatedPerson p : people) {
        terminal.recordHomeVisitConsent(
            p.id(), today.minusDays(10), EnumSet.allOf(ConsentScope.class), CareMode.HOME_VISIT);
      }
      inParallel(
          i ->
              post(
                  http,
                  base + "/api/v1/home-visit-relationships",
                  chart,
                  new JsonObject()
                      .put("chartPatientId", patient(i))
                      .put("careForm", "medical")
                      .put("firstVisitDate", today.minusDays(10).toString())),
          201);
      System.out.printf("relationships in %d ms%n", System.currentTimeMillis() - t0);
      inParallel(
          i ->
              post(
                  http,
                  base + "/api/v1/qualification-checks?wait=20",
                  chart,
                  CheckBodies.forPerson(people.get(i), CheckBodies.AS_OF, today)
                      .put("chartPatientId", patient(i))
                      .put("limitApplicationConsent", false)),
          201);
      for (int team = 0; team * TEAM_SIZE < PATIENTS; team++) {
        JsonArray visits = new JsonArray();
        for (int i = team * TEAM_SIZE; i < Math.min(PATIENTS, (team + 1) * TEAM_SIZE); i++) {
          visits.add(new JsonObject().put("chartPatientId", patient(i)).put("careForm", "medical"));
        }
        HttpResponse<Buffer> scheduled =
            http.putAbs(base + "/api/v1/home-visit-schedule/" + day + "?team=t" + team)
                .putHeader("Authorization", chart)
                .sendJsonObject(new JsonObject().put("visits", visits))
                .await();
        assertThat(scheduled.statusCode()).as(scheduled.bodyAsString()).isEqualTo(200);
      }
      System.out.printf("set up %d patients in %d ms%n", PATIENTS, System.currentTimeMillis() - t0);
      String ops = first.bearer(Role.OPS);
      String databaseUrl = first.databaseUrl();
      long pickedUpBefore = terminal.pickedUpCount();
      first.stopKeepingHome();

      // The night: the gateway as a clinic runs it, killed in the middle of the run.
      killed = GatewayProcess.serveWithSimulatedTerminal(home, databaseUrl);
      killed.awaitReady(Duration.ofSeconds(90));
      String night = killed.apiBase();
      assertThat(URI.create(night).getHost()).isEqualTo("127.0.0.1");
      HttpResponse<Buffer> started =
          post(
                  http,
                  night + "/api/v1/jobs",
                  ops,
                  new JsonObject()
                      .put("kind", "home-visit-reinquiry")
                      .put("params", new JsonObject().put("date", day.toString())))
              .await();
      assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
      String jobId = started.bodyAsJsonObject().getString("id");
      String jobUrl = night + "/api/v1/jobs/" + jobId;
      await("a third of the patients done")
          .atMost(Duration.ofSeconds(180))
          .until(() -> job(http, jobUrl, ops).getInteger("done") >= PATIENTS / 3);
      JsonObject atKill = job(http, jobUrl, ops);
      long killedAt = System.currentTimeMillis();
      killed.kill9();
      assertThat(atKill.containsKey("finishedAt")).as("killed in the middle of the run").isFalse();
      assertThat(atKill.getInteger("done")).isLessThan(PATIENTS);

      // The morning: the next gateway finishes the run.
      second =
          InProcessGateway.withSimulatedTerminalIn(home, PURPOSE, Map.of("pg.url", databaseUrl));
      String after = "http://127.0.0.1:" + second.apiPort() + "/api/v1/jobs/" + jobId;
      String opsAfter = second.bearer(Role.OPS);
      await("the job finished by the next gateway")
          .atMost(Duration.ofSeconds(240))
          .until(() -> job(http, after, opsAfter).containsKey("finishedAt"));

      System.out.printf(
          "killed with %d done; the next gateway finished %d ms later%n",
          atKill.getInteger("done"), System.currentTimeMillis() - killedAt);
      JsonObject job = job(http, after, opsAfter);
      assertThat(job.getString("state")).isEqualTo("done");
      assertThat(job.getInteger("total")).isEqualTo(PATIENTS);
      assertThat(job.getInteger("done")).as("one outcome per patient").isEqualTo(PATIENTS);
      assertThat(job.getInteger("failed")).isZero();
      Map<String, Long> answered = ReinquiryCounts.answeredPerPatient(second, jobId);
      assertThat(answered).as("patients with an answered re-inquiry").hasSize(PATIENTS);
      assertThat(answered.values()).as("re-inquiries per patient").allMatch(n -> n == 1);
      assertThat(
              second
                  .firstRow(
                      "select count(*) as n from qualification_check where requested_by = $1",
                      "job:" + jobId)
                  .getLong("n"))
          .as("checks the run created")
          .isEqualTo(PATIENTS);
      assertThat(terminal.pickedUpCount() - pickedUpBefore)
          .as("re-inquiries the simulated terminal received")
          .isEqualTo(PATIENTS);
      try (var left = Files.list(home.resolve("var/oqs/req"))) {
        assertThat(left.toList()).as("nothing left in req/").isEmpty();
      }
    } finally {
      terminal.stop();
      if (killed != null) {
        killed.close();
      }
      if (second != null) {
        second.close();
      } else {
        first.close();
      }
      vertx.close().await();
    }
  }

  private static String patient(int i) {
    return String.format("KL-%04d", i);
  }

  /**
   * Sends request {@code 0..PATIENTS-1} with at most {@link #IN_FLIGHT} at once, each answered
   * {@code status}.
   */
  private static void inParallel(IntFunction<Future<HttpResponse<Buffer>>> request, int status) {
    for (int from = 0; from < PATIENTS; from += IN_FLIGHT) {
      List<Future<HttpResponse<Buffer>>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(PATIENTS, from + IN_FLIGHT); i++) {
        batch.add(request.apply(i));
      }
      Future.all(batch).await();
      for (Future<HttpResponse<Buffer>> f : batch) {
        assertThat(f.result().statusCode()).as(f.result().bodyAsString()).isEqualTo(status);
      }
    }
  }

  private static Future<HttpResponse<Buffer>> post(
      WebClient http, String url, String bearer, JsonObject body) {
    return http.postAbs(url)
        .putHeader("Authorization", bearer)
        .timeout(60_000)
        .sendJsonObject(body);
  }

  private static JsonObject job(WebClient http, String url, String bearer) {
    HttpResponse<Buffer> r =
        http.getAbs(url).putHeader("Authorization", bearer).timeout(10_000).send().await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }
}
