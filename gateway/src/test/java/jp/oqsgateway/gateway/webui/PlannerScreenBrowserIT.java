package jp.oqsgateway.gateway.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.Browser;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The 訪問計画 screen in real headless Chromium against a gateway talking to the simulated terminal: a
 * clinician signs in with a pasted token, sees tomorrow's visits with each patient's re-inquiry
 * status in plain words, links a consented patient waiting in the queue, follows the re-inquiry's
 * progress bar and a visit alert live, and runs the re-inquiry now for one patient.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlannerScreenBrowserIT {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final String ELIGIBLE = "PL-ELIG";
  private static final String NO_NUMBERS = "PL-NONUM";
  private static final String ONLINE = "PL-ONLINE";

  private static InProcessGateway gw;
  private static TerminalSimulator terminal;
  private static Browser browser;
  private static ChartApi chart;
  private static LocalDate tomorrow;
  private static UUID queued;

  @BeforeAll
  static void start() throws Exception {
    gw = InProcessGateway.withSimulatedTerminal("webui_planner", Map.of("oqs.link.timeout", "10s"));
    terminal = gw.startTerminal(PEOPLE);
    chart = ChartApi.of(gw);
    LocalDate today = LocalDate.now(JST);
    tomorrow = today.plusDays(1);
    for (String patient : new String[] {ELIGIBLE, NO_NUMBERS, ONLINE}) {
      relationship(patient, today.minusDays(5));
    }
    SimulatedPerson eligible = CheckBodies.coveredToday(PEOPLE, 3);
    terminal.recordHomeVisitConsent(
        eligible.id(), today.minusDays(5), Set.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
    HttpResponse<Buffer> check =
        chart.postCheck(
            "?wait=20",
            CheckBodies.forPerson(eligible, CheckBodies.AS_OF, today)
                .put("chartPatientId", ELIGIBLE));
    assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(201);
    send(
        HttpMethod.PUT,
        "/api/v1/home-visit-schedule/" + tomorrow + "?team=north",
        new JsonObject()
            .put(
                "visits",
                new JsonArray()
                    .add(visit(ELIGIBLE, "medical", "09:30"))
                    .add(visit(NO_NUMBERS, "訪問診療", "10:30"))
                    .add(visit(ONLINE, "オンライン診療", "13:00"))));
    queued = queueConsentedPatient(CheckBodies.coveredToday(PEOPLE, 5), today.minusDays(1));
    browser = Browser.open();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (terminal != null) {
      terminal.stop();
    }
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  @Order(1)
  void aClinicianSignsInAndSeesTomorrowsVisitsEachWithItsReInquiryStatusInPlainWords() {
    browser.go("http://127.0.0.1:" + gw.apiPort() + "/planner.html");
    browser.visible("#signin-form", 10);
    signIn("not-a-token");
    assertThat(browser.visible("#signin-msg", 10).getText()).isEqualTo("トークンが無効です。");
    signIn(gw.token(Role.OPS));
    browser.await(
        "the ops token refused",
        10,
        d -> browser.find("#signin-msg").getText().contains("clinician") ? true : null);
    assertThat(browser.find("#planview").isDisplayed()).isFalse();

    signIn(gw.token(Role.CLINICIAN));
    browser.visible("#planview", 10);
    assertThat(browser.find("#day").getAttribute("value"))
        .as("tomorrow in Japan's time")
        .isEqualTo(tomorrow.toString());
    rowShowing(ELIGIBLE, "09:30", "訪問診療", "north", "再照会できます（まだしていません）");
    rowShowing(NO_NUMBERS, "再照会できません", "保険の情報がまだありません");
    // A candidate of a consented patient waiting to be linked (the queue loads beside the day).
    rowShowing(NO_NUMBERS, "紐付け待ち");
    assertThat(rowShowing(ONLINE, "再照会の対象外", reinquiryMessage(ONLINE))).doesNotContain("再照会できます");
    assertThat(row(ONLINE).findElements(By.cssSelector("button.run-one")))
        .as("a visit the rules exclude has nothing to run")
        .isEmpty();
    assertThat(browser.find("#run-state").getText()).isEqualTo("まだ実行されていません");
    awaitLive();
    browser.screenshot("planner-day");

    row(ELIGIBLE).findElement(By.cssSelector("details.consent summary")).click();
    // A check by insurance numbers carries no consent.
    rowShowing(ELIGIBLE, "初回訪問 " + tomorrow.minusDays(6), "マイナ保険証での同意の記録はまだありません");
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  @Order(2)
  void aConsentedPatientWaitingToBeLinkedIsLinkedToACandidateAndLeavesTheQueue() {
    WebElement item = browser.visible("#queue li[data-item='" + queued + "']", 10);
    assertThat(item.getText()).contains("同意日 " + tomorrow.minusDays(2), "生年月日");
    assertThat(item.findElements(By.cssSelector("button.link")))
        .extracting(b -> b.getAttribute("data-patient"))
        .containsExactly(NO_NUMBERS, "PL-Q-OTHER");
    browser.screenshot("planner-queue");

    item.findElement(By.cssSelector("button.link[data-patient='" + NO_NUMBERS + "']")).click();
    browser.await(
        "the linked item gone",
        15,
        d -> d.findElements(By.cssSelector("#queue li")).isEmpty() ? true : null);
    assertThat(browser.find("#queue-empty").isDisplayed()).isTrue();
    assertThat(
            gw.firstRow(
                    "select state, chart_patient_id from consented_import_queue where id = $1",
                    queued)
                .getString("chart_patient_id"))
        .isEqualTo(NO_NUMBERS);
    browser.await(
        "the row no longer waiting",
        10,
        d -> row(NO_NUMBERS).getText().contains("紐付け待ち") ? null : true);
    assertThat(browser.severeLogs()).isEmpty();
  }

  @Test
  @Order(3)
  void theReInquirysProgressBarFollowsItsEventsLive() {
    String jobId = UUID.randomUUID().toString();
    for (int done : new int[] {3, 7}) {
      publish(
          EventType.JOB_PROGRESS,
          new JsonObject()
              .put("jobId", jobId)
              .put("kind", "home-visit-reinquiry")
              .put("state", "running")
              .put("trigger", "schedule")
              .put("done", done)
              .put("failed", 0)
              .put("total", 10));
    }
    WebElement bar =
        browser.await(
            "the progress bar at 70 %",
            15,
            d ->
                d
                    .findElements(By.cssSelector("#jobs li[data-job='" + jobId + "'] progress"))
                    .stream()
                    .filter(p -> "70".equals(p.getAttribute("value")))
                    .findFirst()
                    .orElse(null));
    assertThat(bar.findElement(By.xpath("..")).getText()).contains("夜間の再照会", "7 / 10");
    assertThat(browser.find("#run-state").getText()).startsWith("夜間の再照会: 実行中");
    browser.screenshot("planner-progress");
  }

  @Test
  @Order(4)
  void aVisitAlertForTheShownDayUpdatesThatPatientsRowAndOthersAreListed() {
    publish(
        EventType.HOMEVISIT_ALERT,
        new JsonObject()
            .put("kind", "visit-alert")
            .put("chartPatientId", ELIGIBLE)
            .put("date", tomorrow.toString())
            .put(
                "items",
                new JsonArray()
                    .add(item("insurer-changed", "保険者番号が前回の確認から変わっています。"))
                    .add(item("consent-expiring", "薬剤情報の閲覧の同意が7日以内に期限を迎えます。"))));
    publish(
        EventType.HOMEVISIT_ALERT,
        new JsonObject()
            .put("kind", "visit-alert")
            .put("chartPatientId", "PL-ELSEWHERE")
            .put("date", tomorrow.plusDays(3).toString())
            .put("items", new JsonArray().add(item("claims-missing", "請求の記録がない月があります。"))));

    rowShowing(ELIGIBLE, "お知らせがあります", "保険者が変わりました", "保険者番号が前回の確認から変わっています。", "同意の期限が近づいています");
    browser.await(
        "both alerts listed", 10, d -> browser.all("#alerts li").size() == 2 ? true : null);
    assertThat(browser.find("#alerts").getText())
        .contains("PL-ELSEWHERE", tomorrow.plusDays(3).toString(), "請求の記録がありません");
    assertThat(browser.all("#visits tbody tr")).hasSize(3);
    browser.screenshot("planner-alert");
    assertThat(browser.severeLogs()).isEmpty();
  }

  /**
   * Needs the {@code home-visit-reinquiry} job kind (built beside this screen): the button starts
   * it for one patient, and the row shows the run's outcome when it ends.
   */
  @Test
  @Order(9)
  void runningTheReInquiryNowForOnePatientShowsItsOutcomeOnThatRow() {
    row(ELIGIBLE).findElement(By.cssSelector("button.run-one")).click();
    assertThat(browser.visible("#day-msg", 10).getText())
        .isEqualTo("患者 " + ELIGIBLE + " の再照会を始めました");
    rowShowing(ELIGIBLE, 60, "再照会済み");
    browser.screenshot("planner-run-now");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void signIn(String token) {
    browser.type("#token", token);
    browser.find("#signin-form button[type=submit]").click();
  }

  private static WebElement row(String patient) {
    return browser.visible("#visits tr[data-patient='" + patient + "']", 15);
  }

  /** The row's text once it shows every one of the words (rows are drawn again as data comes). */
  private static String rowShowing(String patient, String... words) {
    return rowShowing(patient, 15, words);
  }

  private static String rowShowing(String patient, int seconds, String... words) {
    return browser.await(
        patient + "'s row showing " + List.of(words),
        seconds,
        d -> {
          String text = row(patient).getText();
          return List.of(words).stream().allMatch(text::contains) ? text : null;
        });
  }

  private static void awaitLive() {
    browser.await(
        "the live feed",
        15,
        d -> browser.find("#conn").getText().equals("リアルタイム表示中") ? true : null);
  }

  private static String reinquiryMessage(String patient) {
    HttpResponse<Buffer> r = chart.get("/api/v1/home-visit-schedule/" + tomorrow + "?team=north");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("visits").stream()
        .map(JsonObject.class::cast)
        .filter(v -> v.getString("chartPatientId").equals(patient))
        .map(v -> v.getJsonObject("reinquiry").getString("message"))
        .findFirst()
        .orElseThrow();
  }

  private static void relationship(String patient, LocalDate firstVisit) {
    send(
        HttpMethod.POST,
        "/api/v1/home-visit-relationships",
        new JsonObject()
            .put("chartPatientId", patient)
            .put("careForm", "medical")
            .put("firstVisitDate", firstVisit.toString()));
  }

  private static JsonObject visit(String patient, String careForm, String time) {
    return new JsonObject()
        .put("chartPatientId", patient)
        .put("careForm", careForm)
        .put("time", time);
  }

  private static JsonObject item(String kind, String message) {
    return new JsonObject().put("kind", kind).put("message", message).put("messageEn", kind);
  }

  private static void send(HttpMethod method, String path, JsonObject body) {
    HttpResponse<Buffer> r = chart.send(method, path, body);
    assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isBetween(200, 201);
  }

  private static void publish(EventType type, JsonObject data) {
    new Outbox().appendAlone(gw.gateway().pool(), Event.of(type, data)).await();
  }

  /**
   * A consented patient the import could not match to one chart patient: the person's answered
   * check (naming no patient, so no patient holds the qualification), queued as the import queues
   * it with two candidates.
   */
  private static UUID queueConsentedPatient(SimulatedPerson p, LocalDate consentDate) {
    JsonObject body = CheckBodies.forPerson(p);
    body.remove("chartPatientId");
    HttpResponse<Buffer> check = chart.postCheck("?wait=20", body);
    assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(201);
    UUID id = UUID.randomUUID();
    gw.query(
        "insert into consented_import_queue (id, check_id, family, consent_date, valid,"
            + " matched_by, candidates) values ($1, $2, 'OQSmuhvq', $3, true,"
            + " 'kanaAndBirthdate', $4)",
        id,
        UUID.fromString(check.bodyAsJsonObject().getString("id")),
        consentDate,
        new String[] {NO_NUMBERS, "PL-Q-OTHER"});
    return id;
  }
}
