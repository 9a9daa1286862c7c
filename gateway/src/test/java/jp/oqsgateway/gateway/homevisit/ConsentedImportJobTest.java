package jp.oqsgateway.gateway.homevisit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.bulk.BulkFailure;
import jp.oqsgateway.gateway.oqs.bulk.BulkPhase;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code consented-import} job end to end, against the real simulated terminal, router, link
 * and database: a first visit's consent recorded at the terminal comes in through a job started
 * over the API (patient linked, relationship opened from the consent date with the consent's scope,
 * 照会番号 registered), and a job interrupted between upload and download is finished by the next
 * gateway on the same database and folders, downloading and importing once.
 */
@ExtendWith(VertxExtension.class)
class ConsentedImportJobTest {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final List<SimulatedPerson> INSURED =
      PEOPLE.persons().stream()
          .filter(p -> !p.hasTag("multiple") && !p.hasTag("notFound"))
          .filter(p -> p.coverageOn(today()).filter(c -> !c.isMedicalAid()).isPresent())
          .toList();

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
              "consented_import_job",
              WebhookReceiver.allowedWith(Map.of("oqs.reference-number.auto-register", "true")))
          .andTerminal(PEOPLE);

  private static ChartApi chart;
  private static WebhookReceiver webhooks;

  @BeforeAll
  static void start(Vertx vertx) {
    chart = new ChartApi(vertx, gw);
    webhooks = WebhookReceiver.start(vertx);
    chart.subscribeWebhook(webhooks.url(), "job.progress");
  }

  @AfterAll
  static void stop() {
    webhooks.close();
  }

  @Test
  void aConsentGivenAtHomeComesInThroughTheJobWithItsFirstVisitScopeAndReferenceNumber() {
    SimulatedPerson p = INSURED.get(3);
    LocalDate consent = today().minusDays(1);
    knownAs(gw, "CJ-1", p);
    gw.terminal()
        .recordHomeVisitConsent(
            p.id(), consent, EnumSet.of(ConsentScope.DRUG), CareMode.HOME_VISIT);

    String jobId = startJob(gw, consent, Role.CLINICIAN);
    JsonObject job = done(gw, jobId);

    assertThat(job.getString("state")).isEqualTo("done");
    assertThat(job.getJsonObject("outcomes").getInteger("imported")).isEqualTo(1);
    assertThat(detailOf(gw, jobId)).startsWith("linked 1, opened 1, refreshed 0, queued 0");
    String rel =
        gw.firstRow("select id::text from home_visit_relationship where chart_patient_id = 'CJ-1'")
            .getString(0);
    JsonObject relationship =
        chart.get("/api/v1/home-visit-relationships/" + rel).bodyAsJsonObject();
    assertThat(relationship.getString("firstVisitDate")).isEqualTo(consent.toString());
    JsonObject scope = relationship.getJsonObject("consent");
    assertThat(scope.getString("basis")).isEqualTo("import");
    assertThat(scope.getJsonObject("kinds").getJsonObject("drug").getString("flag")).isEqualTo("1");
    HttpResponse<Buffer> drug =
        gw.client()
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/patients/CJ-1/medical-information")
            .putHeader("Authorization", gw.bearer(Role.CLINICIAN))
            .sendJsonObject(new JsonObject().put("kind", "drug").put("purpose", "訪問前の服薬確認"))
            .await();
    assertThat(drug.statusCode()).as(drug.bodyAsString()).isEqualTo(201);
    await("照会番号 registered at the terminal")
        .atMost(Duration.ofSeconds(20))
        .until(() -> gw.terminal().referenceNumber(p.id()).isPresent());
    assertThat(gw.terminal().referenceNumber(p.id())).contains("CJ-1");
    await("job.progress at its end")
        .atMost(Duration.ofSeconds(10))
        .until(() -> progress(jobId).stream().anyMatch(d -> "done".equals(d.getString("state"))));
    JsonObject last =
        progress(jobId).stream()
            .filter(d -> "done".equals(d.getString("state")))
            .findFirst()
            .orElseThrow();
    assertThat(last.getInteger("total")).isEqualTo(1);
    assertThat(last.getJsonObject("outcomes").getInteger("imported")).isEqualTo(1);
    assertThat(last.encode()).doesNotContain("CJ-1", p.nameKana());
  }

  @Test
  void aJobStartedWithoutAFormRetrievesTheScheduledFormsAndParamsBreakingARuleAreNamed() {
    HttpResponse<Buffer> stray = post(gw, new JsonObject().put("from", "2025-01-01"), Role.OPS);
    assertThat(stray.statusCode()).as(stray.bodyAsString()).isEqualTo(400);
    assertThat(stray.bodyAsJsonObject().getString("field")).isEqualTo("params.form");
    HttpResponse<Buffer> future =
        post(
            gw,
            new JsonObject().put("form", "home-visit").put("to", today().plusDays(1).toString()),
            Role.OPS);
    assertThat(future.statusCode()).as(future.bodyAsString()).isEqualTo(400);
    assertThat(future.bodyAsJsonObject().getString("field")).isEqualTo("params.to");
    for (JsonObject wrong :
        List.of(
            new JsonObject().put("form", "home-visit").put("by", "examination-date"),
            new JsonObject().put("form", "medical-aid").put("month", "2025-13"),
            new JsonObject().put("form", "dental"))) {
      HttpResponse<Buffer> r = post(gw, wrong, Role.CLINICIAN);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field"))
          .as(wrong.encode())
          .isEqualTo(
              "params."
                  + wrong.fieldNames().stream()
                      .filter(k -> !k.equals("form"))
                      .findFirst()
                      .orElse("form"));
    }

    HttpResponse<Buffer> all = post(gw, new JsonObject(), Role.OPS);

    assertThat(all.statusCode()).as(all.bodyAsString()).isEqualTo(202);
    JsonObject job = done(gw, all.bodyAsJsonObject().getString("id"));
    assertThat(job.getInteger("total")).as("home-visit and medical-aid").isEqualTo(2);
    assertThat(job.getJsonObject("outcomes").getInteger("imported")).isEqualTo(2);
  }

  @Test
  void aGatewayStoppedBetweenUploadAndDownloadIsFinishedByTheNextOneDownloadingOnce()
      throws Exception {
    InProcessGateway first =
        InProcessGateway.withSimulatedTerminal("consented_import_restart", Map.of());
    Path home = first.home();
    TerminalSimulator terminal =
        new TerminalSimulator(SimulatorOptions.defaults(home.resolve("var/oqs")), PEOPLE);
    InProcessGateway second = null;
    try {
      SimulatedPerson p = INSURED.get(4);
      LocalDate consent = today().minusDays(1);
      knownAs(first, "CJ-R", p);
      terminal.recordHomeVisitConsent(
          p.id(), consent, EnumSet.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
      String jobId = startJob(first, consent, Role.OPS);
      await("the upload's exchange recorded")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  first
                          .query(
                              "select 1 from consented_retrieval where upload_exchange_id is not null")
                          .size()
                      == 1);
      String dbUrl = first.databaseUrl();
      first.stopKeepingHome();
      terminal.start();

      Map<String, String> same = new HashMap<>();
      same.put("pg.url", dbUrl);
      second = InProcessGateway.withSimulatedTerminalIn(home, "consented_import_restart", same);
      JsonObject job = done(second, jobId);

      assertThat(job.getJsonObject("outcomes").getInteger("imported")).isEqualTo(1);
      assertThat(detailOf(second, jobId)).startsWith("linked 1, opened 1");
      assertThat(terminal.pickedUpCount()).as("one upload, one download").isEqualTo(2);
      var retrievals =
          second.firstRow("select count(*), count(download_exchange_id) from consented_retrieval");
      assertThat(List.of(retrievals.getLong(0), retrievals.getLong(1)))
          .as("the one retrieval taken up, its download recorded")
          .containsExactly(1L, 1L);
      assertThat(
              second
                  .firstRow(
                      "select count(*) from qualification_check where source = 'import'"
                          + " and chart_patient_id = 'CJ-R'")
                  .getLong(0))
          .isEqualTo(1);
    } finally {
      terminal.stop();
      if (second != null) {
        second.close();
      }
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static String startJob(InProcessGateway g, LocalDate day, Role role) {
    HttpResponse<Buffer> r =
        post(
            g,
            new JsonObject()
                .put("form", "home-visit")
                .put("from", day.toString())
                .put("to", day.toString()),
            role);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    return r.bodyAsJsonObject().getString("id");
  }

  private static HttpResponse<Buffer> post(InProcessGateway g, JsonObject params, Role role) {
    return g.client()
        .post(g.apiPort(), "127.0.0.1", "/api/v1/jobs")
        .putHeader("Authorization", g.bearer(role))
        .sendJsonObject(new JsonObject().put("kind", "consented-import").put("params", params))
        .await();
  }

  /**
   * Job items are read by the ops role and carry no patient data (JOBS.md): a failed retrieval
   * names its phase, reason and OQS's ErrorCode, never the terminal's .err text nor OQS's
   * ErrorMessage, which may name a patient.
   */
  @Test
  void aFailedRetrievalTellsOpsThePhaseAndTheReasonButNotTheTerminalsErrorText() {
    gw.terminal().faults().add(FaultRule.next("OQSmuhvq01", 1, FaultType.ERR));

    String jobId = startJob(gw, today().minusDays(1), Role.CLINICIAN);
    JsonObject job = done(gw, jobId);

    assertThat(job.getJsonObject("outcomes").getInteger("failed")).isEqualTo(1);
    assertThat(detailOf(gw, jobId))
        .startsWith("upload unanswered")
        .doesNotContain("シミュレータの障害注入")
        .doesNotContain(":");
  }

  @Test
  void oqssErrorMessageStaysOutOfTheItemAndAnErrorCodeOnlyShowsWhenItIsACode() {
    BulkFailure refused =
        new BulkFailure(
            BulkPhase.DOWNLOAD,
            BulkFailure.Reason.REFUSED_BY_OQS,
            Optional.empty(),
            "SegmentOfResult 9, ErrorCode EQ0123 榊原葵衣 様 4711235813 の資格情報は照会できません",
            Optional.of("EQ0123"),
            Optional.empty(),
            Optional.empty());
    assertThat(ConsentedImportJob.failureDetail(refused))
        .isEqualTo("download refused-by-oqs EQ0123");
    BulkFailure oddCode =
        new BulkFailure(
            BulkPhase.DOWNLOAD,
            BulkFailure.Reason.REFUSED_BY_OQS,
            Optional.empty(),
            "",
            Optional.of("榊原葵衣 4711235813"),
            Optional.empty(),
            Optional.empty());
    assertThat(ConsentedImportJob.failureDetail(oddCode))
        .isEqualTo("download refused-by-oqs (ErrorCode not shown)");
  }

  private static JsonObject done(InProcessGateway g, String jobId) {
    return await("job " + jobId + " ended")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonObject job =
                  g.client()
                      .get(g.apiPort(), "127.0.0.1", "/api/v1/jobs/" + jobId)
                      .putHeader("Authorization", g.bearer(Role.OPS))
                      .send()
                      .await()
                      .bodyAsJsonObject();
              return List.of("done", "failed").contains(job.getString("state")) ? job : null;
            },
            Objects::nonNull);
  }

  private static String detailOf(InProcessGateway g, String jobId) {
    return g.client()
        .get(g.apiPort(), "127.0.0.1", "/api/v1/jobs/" + jobId + "/items")
        .putHeader("Authorization", g.bearer(Role.OPS))
        .send()
        .await()
        .bodyAsJsonObject()
        .getJsonArray("items")
        .getJsonObject(0)
        .getString("detail");
  }

  private static List<JsonObject> progress(String jobId) {
    return webhooks.all().stream()
        .map(r -> r.json().getJsonObject("data"))
        .filter(d -> jobId.equals(d.getString("jobId")))
        .toList();
  }

  private static void knownAs(InProcessGateway g, String chartPatientId, SimulatedPerson p) {
    KnownPatients.knownAs(g, chartPatientId, p.nameKana(), p.birthDate());
  }

  private static LocalDate today() {
    return LocalDate.now(JST);
  }
}
