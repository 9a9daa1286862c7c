package jp.oqsgateway.gateway.homevisit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.Browser;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Home-visit care end to end, as the clinic sees it, through the real gateway, simulated terminal,
 * database, webhook delivery and planner screen in headless Chromium: the patient consents at the
 * first visit at home, the consented import links the patient and opens the relationship, the chart
 * system posts tomorrow's visits, the patient's insurer changes at OQS, and tonight's re-inquiry
 * raises one "insurer changed" alert that reaches a webhook subscriber and the planner screen.
 *
 * <p>The simulated population's timeline is based on today, so its insurer-change patient moves to
 * a new insurer on the 16th of last month. The terminal runs on a clock set to the evening of the
 * consent day (before the change) while the patient consents and the import runs, as the evening
 * import on that day would, and then again on today's clock: the change has happened since.
 */
class HomeVisitCareEndToEndIT {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final LocalDate TODAY = LocalDate.now(JST);
  private static final LocalDate TOMORROW = TODAY.plusDays(1);
  private static final SimulatedPopulation PEOPLE =
      SimulatedPopulation.generate(
          SimulatedPopulation.DEFAULT_SEED, SimulatedPopulation.DEFAULT_SIZE, TODAY);
  private static final SimulatedPerson PATIENT = PEOPLE.first("insurerChange");
  private static final String CHART_ID = "HV-E2E-1";
  private static final String OTHER_ID = "HV-E2E-2";

  private static InProcessGateway gw;
  private static TerminalSimulator terminal;
  private static WebhookReceiver webhooks;
  private static Browser browser;
  private static ChartApi chart;
  private static ChartApi clinician;

  @BeforeAll
  static void start() {
    gw =
        InProcessGateway.withSimulatedTerminal(
            "home_visit_e2e",
            WebhookReceiver.allowedWith(Map.of("oqs.reference-number.auto-register", "true")));
    chart = ChartApi.of(gw);
    clinician = ChartApi.of(gw, Role.CLINICIAN);
    webhooks = WebhookReceiver.start(gw.gateway().vertx());
    chart.subscribeWebhook(webhooks.url(), "homevisit.alert");
    browser = Browser.open();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (webhooks != null) {
      webhooks.close();
    }
    if (terminal != null) {
      terminal.stop();
    }
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void anInsurerChangedSinceTheConsentedFirstVisitReachesAWebhookAndThePlannerAsOneAlert() {
    Coverage before = PATIENT.coverages().get(0);
    Coverage after = PATIENT.coverages().get(1);
    LocalDate consentDay = after.qualificationDate().minusDays(3);
    assertThat(PATIENT.coverageOn(consentDay))
        .as("the old insurer at the first visit")
        .hasValue(before);
    assertThat(PATIENT.coverageOn(TOMORROW)).as("the new insurer by the visit").hasValue(after);
    assertThat(after.insurerNumber()).isNotEqualTo(before.insurerNumber());
    // The chart knows the patient (and another one) by kana and birth date before the first visit.
    KnownPatients.knownAs(gw, CHART_ID, PATIENT.nameKana(), PATIENT.birthDate());
    SimulatedPerson other = PEOPLE.first("kouki:010");
    KnownPatients.knownAs(gw, OTHER_ID, other.nameKana(), other.birthDate());

    // 1. The first visit at home: the patient consents at the terminal, and that evening the
    // consented import runs (the terminal's clock on that day, running).
    Instant evening = consentDay.atTime(LocalTime.of(19, 30)).atZone(JST).toInstant();
    terminal =
        startTerminal(Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), evening)));
    terminal.recordHomeVisitConsent(
        PATIENT.id(), consentDay, EnumSet.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
    JsonObject imported =
        runJob(
            clinician,
            "consented-import",
            new JsonObject()
                .put("form", "home-visit")
                .put("from", consentDay.toString())
                .put("to", consentDay.toString()));
    assertThat(imported.getString("state")).isEqualTo("done");
    assertThat(items(imported).getJsonObject(0).getString("detail"))
        .startsWith("linked 1, opened 1, refreshed 0, queued 0");
    assertThat(
            gw.query(
                    "select chart_patient_id from patient_link"
                        + " where linked_by = 'gateway:consented-import'")
                .iterator()
                .next()
                .getString(0))
        .isEqualTo(CHART_ID);
    assertThat(
            gw.firstRow(
                    "select count(*) from patient_link where linked_by = 'gateway:consented-import'")
                .getLong(0))
        .as("exactly that patient linked")
        .isEqualTo(1L);
    JsonArray relationships =
        ok(chart.get("/api/v1/home-visit-relationships?chartPatientId=" + CHART_ID))
            .getJsonArray("relationships");
    assertThat(relationships).hasSize(1);
    assertThat(relationships.getJsonObject(0).getString("firstVisitDate"))
        .as("the first visit is the consent's day")
        .isEqualTo(consentDay.toString());
    assertThat(
            ok(chart.get("/api/v1/home-visit-relationships?chartPatientId=" + OTHER_ID))
                .getJsonArray("relationships"))
        .as("nothing opened for the other patient")
        .isEmpty();
    await("照会番号 registered at the terminal")
        .atMost(Duration.ofSeconds(20))
        .until(() -> terminal.referenceNumber(PATIENT.id()).isPresent());
    assertThat(terminal.referenceNumber(PATIENT.id())).contains(CHART_ID);

    // 2. The chart system posts tomorrow's visits.
    HttpResponse<Buffer> posted =
        chart.send(
            HttpMethod.PUT,
            "/api/v1/home-visit-schedule/" + TOMORROW + "?team=e2e",
            new JsonObject()
                .put(
                    "visits",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("chartPatientId", CHART_ID)
                                .put("careForm", "medical")
                                .put("time", "10:00"))));
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(200);
    JsonObject listed = listedVisit();
    assertThat(listed.getString("visitKind")).isEqualTo("scheduled");
    JsonObject reinquiry = listed.getJsonObject("reinquiry");
    assertThat(reinquiry.getBoolean("eligible")).as(reinquiry.encode()).isTrue();
    assertThat(reinquiry.getString("reason")).isEqualTo("within-window");
    assertThat(reinquiry.getBoolean("sendable")).isTrue();
    assertThat(listed.containsKey("lastRun")).isFalse();

    // The planner shows the visit, not yet re-inquired, and follows the gateway live.
    browser.go("http://127.0.0.1:" + gw.apiPort() + "/planner.html");
    browser.visible("#signin-form", 10);
    browser.type("#token", gw.token(Role.CLINICIAN));
    browser.find("#signin-form button[type=submit]").click();
    browser.visible("#planview", 10);
    rowShowing("10:00", "再照会できます（まだしていません）");
    browser.await(
        "the live feed",
        15,
        d -> browser.find("#conn").getText().equals("リアルタイム表示中") ? true : null);

    // 3. Time runs on at OQS (the same terminal, its state kept, on today's clock): the patient's
    // insurer has changed since the first visit.
    terminal.stop();
    terminal = startTerminal(Clock.systemUTC());

    // 4. Tonight's re-inquiry of tomorrow's visits, started over the API.
    JsonObject night =
        runJob(
            ChartApi.of(gw, Role.OPS),
            "home-visit-reinquiry",
            new JsonObject().put("date", TOMORROW.toString()).put("team", "e2e"));
    assertThat(night.getString("state")).isEqualTo("done");
    JsonArray nightItems = items(night);
    assertThat(nightItems).hasSize(1);
    JsonObject item = nightItems.getJsonObject(0);
    assertThat(item.getString("key")).isEqualTo(CHART_ID);
    assertThat(item.getString("outcome")).as(item.encode()).isEqualTo("changed");
    assertThat(item.getString("detail")).contains("insurer-changed");

    await("the alert at the webhook subscriber")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !alerts().isEmpty());
    assertThat(alerts()).as("one alert").hasSize(1);
    JsonObject alert = alerts().get(0);
    assertThat(alert.getString("kind")).isEqualTo("visit-alert");
    assertThat(alert.getString("chartPatientId")).isEqualTo(CHART_ID);
    assertThat(alert.getString("date")).isEqualTo(TOMORROW.toString());
    assertThat(alert.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("kind")))
        .containsExactly("insurer-changed");
    assertThat(alert.encode())
        .as("the chart's id only: no name, number or birth date")
        .doesNotContain(
            PATIENT.name(),
            PATIENT.nameKana(),
            before.insurerNumber(),
            after.insurerNumber(),
            before.number(),
            after.number(),
            PATIENT.birthDate().toString(),
            PATIENT.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE));
    assertThat(
            gw.firstRow(
                    "select count(*) from outbox_event where type = 'homevisit.alert'"
                        + " and payload->>'chartPatientId' = $1",
                    CHART_ID)
                .getLong(0))
        .as("one alert in the outbox")
        .isEqualTo(1L);
    assertThat(listedVisit().getJsonObject("lastRun").getString("outcome")).isEqualTo("changed");

    rowShowing("再照会済み・変更あり", "保険者が変わりました");
    WebElement logged =
        browser.await(
            "the alert listed",
            15,
            d ->
                d.findElements(By.cssSelector("#alerts li")).stream()
                    .filter(li -> li.getText().contains(CHART_ID))
                    .findFirst()
                    .orElse(null));
    assertThat(logged.getText()).contains("保険者が変わりました");
    assertThat(browser.all("#alerts li")).as("one alert on the screen").hasSize(1);
    browser.screenshot("home-visit-e2e-insurer-changed");
    assertThat(browser.severeLogs()).isEmpty();
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * The simulated terminal on the gateway's exchange folders (its state kept there), on a clock.
   */
  private static TerminalSimulator startTerminal(Clock clock) {
    return new TerminalSimulator(
            SimulatorOptions.defaults(gw.home().resolve("var/oqs")).withClock(clock), PEOPLE)
        .start();
  }

  /** Starts a job through {@code POST /api/v1/jobs} and answers it once it ended. */
  private static JsonObject runJob(ChartApi api, String kind, JsonObject params) {
    HttpResponse<Buffer> started =
        api.send(
            HttpMethod.POST,
            "/api/v1/jobs",
            new JsonObject().put("kind", kind).put("params", params));
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    String id = started.bodyAsJsonObject().getString("id");
    return await("job " + kind + " ended")
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> ok(api.get("/api/v1/jobs/" + id)),
            job -> List.of("done", "failed").contains(job.getString("state")));
  }

  private static JsonArray items(JsonObject job) {
    return ok(chart(Role.OPS).get("/api/v1/jobs/" + job.getString("id") + "/items"))
        .getJsonArray("items");
  }

  private static ChartApi chart(Role role) {
    return ChartApi.of(gw, role);
  }

  private static JsonObject listedVisit() {
    JsonArray visits =
        ok(chart.get("/api/v1/home-visit-schedule/" + TOMORROW + "?team=e2e"))
            .getJsonArray("visits");
    assertThat(visits).hasSize(1);
    JsonObject v = visits.getJsonObject(0);
    assertThat(v.getString("chartPatientId")).isEqualTo(CHART_ID);
    return v;
  }

  private static List<JsonObject> alerts() {
    return webhooks.all().stream()
        .map(r -> r.json().getJsonObject("data"))
        .filter(d -> CHART_ID.equals(d.getString("chartPatientId")))
        .toList();
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /**
   * The patient's row once it shows every one of the words (rows are drawn again as data comes).
   */
  private static String rowShowing(String... words) {
    return browser.await(
        CHART_ID + "'s row showing " + List.of(words),
        20,
        d -> {
          List<WebElement> rows =
              d.findElements(By.cssSelector("#visits tr[data-patient='" + CHART_ID + "']"));
          String text = rows.isEmpty() ? "" : rows.get(0).getText();
          return List.of(words).stream().allMatch(text::contains) ? text : null;
        });
  }
}
