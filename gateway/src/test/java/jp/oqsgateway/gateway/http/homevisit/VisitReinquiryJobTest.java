package jp.oqsgateway.gateway.http.homevisit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The nightly re-inquiry of a day's visits ({@code home-visit-reinquiry}) started through the jobs
 * API, against the gateway's real router, link and database and the simulated terminal: what each
 * patient's item ends with, what reaches {@code req/}, and the alert a change raises.
 */
@ExtendWith(VertxExtension.class)
class VisitReinquiryJobTest {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal("reinquiry-job", WebhookReceiver.ALLOWED)
          .andTerminal(PEOPLE);

  private static ChartApi chart;
  private static ChartApi ops;
  private static WebhookReceiver webhooks;

  @BeforeAll
  static void start(Vertx vertx) {
    chart = new ChartApi(vertx, gw);
    ops = new ChartApi(vertx, gw, Role.OPS);
    webhooks = WebhookReceiver.start(vertx);
    chart.subscribeWebhook(webhooks.url(), "homevisit.alert");
  }

  @AfterAll
  static void stop() {
    webhooks.close();
  }

  @Test
  void aDaysRunSendsOneReInquiryForTheEligiblePatientAndNothingForTheOthersSayingWhy() {
    LocalDate day = today().plusDays(1);
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 10);
    eligible(p, "NJ-1");
    relationship("NJ-2", "medical");
    answeredCheck(
        CheckBodies.forPerson(CheckBodies.coveredToday(PEOPLE, 11), CheckBodies.AS_OF, today()),
        "NJ-2");
    relationship("NJ-3", "medical");
    relationship("NJ-4", "medical", today().minusMonths(5));
    schedule(
        day,
        "nj",
        new JsonArray()
            .add(visit("NJ-1", "medical"))
            .add(visit("NJ-1", "往診"))
            .add(visit("NJ-2", "オンライン診療"))
            .add(visit("NJ-3", "medical"))
            .add(visit("NJ-4", "medical")));
    long reinquiriesBefore = reinquiryFiles();

    JsonObject job = run(new JsonObject().put("date", day.toString()).put("team", "nj"));

    assertThat(job.getString("state")).isEqualTo("done");
    assertThat(job.getInteger("total")).as("one item per patient").isEqualTo(4);
    long itemReadsBefore = itemReads();
    Map<String, JsonObject> items = items(job.getString("id"));
    assertThat(items.get("NJ-1").getString("outcome"))
        .as(items.get("NJ-1").encode())
        .isEqualTo("unchanged");
    assertThat(items.get("NJ-1").getString("reference")).isNotBlank();
    assertThat(itemReads() - itemReadsBefore)
        .as("who was re-inquired and what came of it: one audit row per item listed")
        .isEqualTo(4);
    assertThat(
            gw.firstRow(
                    "select check_id::text as c, roles from audit_read"
                        + " where purpose = 'job-items' and chart_patient_id = 'NJ-1'"
                        + " order by seq desc limit 1")
                .getString("c"))
        .isEqualTo(items.get("NJ-1").getString("reference"));
    assertThat(items.get("NJ-2").getString("outcome")).isEqualTo("not-eligible");
    assertThat(items.get("NJ-2").getString("detail")).isEqualTo("online-care");
    assertThat(items.get("NJ-3").getString("outcome")).isEqualTo("no-numbers");
    assertThat(items.get("NJ-4").getString("outcome")).isEqualTo("not-eligible");
    assertThat(items.get("NJ-4").getString("detail")).isEqualTo("claims-missing");
    assertThat(
            gw.firstRow(
                    "select count(*) as n from outbox_event where type = 'homevisit.alert'"
                        + " and payload->>'chartPatientId' = 'NJ-4'"
                        + " and payload->'items'->0->>'kind' = 'claims-missing'")
                .getLong("n"))
        .as("nothing sent, but the relationship's own alert is")
        .isEqualTo(1L);
    assertThat(reinquiryFiles() - reinquiriesBefore)
        .as("req/ got one re-inquiry: none for the refused patients")
        .isEqualTo(1);

    Map<String, JsonObject> listed = listed(day, "nj");
    JsonObject sent = listed.get("NJ-1 scheduled").getJsonObject("lastRun");
    assertThat(sent.getString("jobId")).isEqualTo(job.getString("id"));
    assertThat(sent.getString("outcome")).isEqualTo("unchanged");
    assertThat(sent.getString("checkId")).isEqualTo(items.get("NJ-1").getString("reference"));
    assertThat(sent.getString("finishedAt")).isNotBlank();
    assertThat(sent.containsKey("alert")).isFalse();
    assertThat(listed.get("NJ-1 ojin").getJsonObject("lastRun"))
        .as("one run per patient, shown on each of their visits")
        .isEqualTo(sent);
    assertThat(listed.get("NJ-3 scheduled").getJsonObject("lastRun").getString("outcome"))
        .isEqualTo("no-numbers");
    assertThat(listed.get("NJ-3 scheduled").getJsonObject("lastRun").containsKey("checkId"))
        .isFalse();
  }

  @Test
  void anInsurerChangedOnTheTimelineEndsTheItemChangedWithOneAlertThatReachesAWebhook() {
    LocalDate day = today().plusDays(1);
    // The timeline moved this person from a health-insurance society to 協会けんぽ: the answer
    // known last (as of a day before the change) names the old insurer, the chart's newest
    // numbers the new one, and tonight's re-inquiry answers with the new insurer.
    SimulatedPerson p = PEOPLE.first("insurerChange");
    consentedAtHome(p, "IC-1");
    answeredCheck(CheckBodies.forPerson(p, CheckBodies.AS_OF, today()), "IC-1");
    LocalDate beforeChange = LocalDate.of(2025, 5, 1);
    answeredCheck(CheckBodies.forPerson(p, beforeChange, beforeChange), "IC-1");
    schedule(day, "ic", new JsonArray().add(visit("IC-1", "medical")));

    JsonObject job = run(new JsonObject().put("date", day.toString()).put("team", "ic"));

    JsonObject item = items(job.getString("id")).get("IC-1");
    assertThat(item.getString("outcome")).as(item.encode()).isEqualTo("changed");
    assertThat(item.getString("detail")).contains("insurer-changed");
    await("the alert at the webhook subscriber")
        .atMost(Duration.ofSeconds(20))
        .until(() -> alertsFor("IC-1").size() == 1);
    JsonObject alert = alertsFor("IC-1").get(0);
    assertThat(alert.getString("kind")).isEqualTo("visit-alert");
    assertThat(alert.getString("date")).isEqualTo(day.toString());
    assertThat(alert.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("kind")))
        .contains("insurer-changed");
    JsonObject lastRun = listed(day, "ic").get("IC-1 scheduled").getJsonObject("lastRun");
    assertThat(lastRun.getString("outcome")).isEqualTo("changed");
    JsonObject shown = lastRun.getJsonObject("alert").getJsonArray("items").getJsonObject(0);
    assertThat(lastRun.getJsonObject("alert").getJsonArray("items").stream())
        .anySatisfy(
            i -> assertThat(((JsonObject) i).getString("kind")).isEqualTo("insurer-changed"));
    assertThat(shown.getString("message")).isNotBlank();
    assertThat(shown.getString("messageEn")).isNotBlank();
    assertThat(
            gw.firstRow(
                    "select count(*) as n from outbox_event where type = 'homevisit.alert'"
                        + " and payload->>'chartPatientId' = 'IC-1'"
                        + " and payload->>'kind' = 'visit-alert'")
                .getLong("n"))
        .as("one alert in the outbox")
        .isEqualTo(1L);
  }

  @Test
  void runNowForOnePatientReInquiresOnlyThatPatientAndBadParamsAreRefusedNamingTheField() {
    LocalDate day = today().plusDays(2);
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 12);
    eligible(p, "ON-1");
    relationship("ON-2", "medical");
    schedule(
        day, "on", new JsonArray().add(visit("ON-1", "medical")).add(visit("ON-2", "medical")));

    JsonObject job =
        run(
            new JsonObject()
                .put("date", day.toString())
                .put("chartPatientIds", new JsonArray().add("ON-1")));

    assertThat(items(job.getString("id")).keySet()).containsExactly("ON-1");
    for (Map.Entry<String, JsonObject> bad :
        Map.of(
                "params.date", new JsonObject().put("date", "2026-02-30"),
                "params.team", new JsonObject().put("team", ""),
                "params.chartPatientIds", new JsonObject().put("chartPatientIds", new JsonArray()),
                "params.patients", new JsonObject().put("patients", "ON-1"))
            .entrySet()) {
      HttpResponse<Buffer> r =
          ops.send(
              HttpMethod.POST,
              "/api/v1/jobs",
              new JsonObject().put("kind", "home-visit-reinquiry").put("params", bad.getValue()));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo(bad.getKey());
    }
  }

  private static LocalDate today() {
    return LocalDate.now(JST);
  }

  /**
   * A patient the re-inquiry can be sent for: consented at home, with the numbers of a check asked
   * at the desk without the 限度額 consent, as the re-inquiry asks (see ReinquiryPlan).
   */
  static void eligible(SimulatedPerson p, String patient) {
    consentedAtHome(p, patient);
    answeredCheck(
        CheckBodies.forPerson(p, CheckBodies.AS_OF, today()).put("limitApplicationConsent", false),
        patient);
  }

  /** A home-visit relationship from ten days ago and the consent the patient gave at home then. */
  static void consentedAtHome(SimulatedPerson p, String patient) {
    LocalDate first = today().minusDays(10);
    gw.terminal()
        .recordHomeVisitConsent(
            p.id(), first, EnumSet.allOf(ConsentScope.class), CareMode.HOME_VISIT);
    relationship(patient, "medical");
  }

  static void relationship(String patient, String form) {
    relationship(patient, form, today().minusDays(10));
  }

  static void relationship(String patient, String form, LocalDate firstVisit) {
    HttpResponse<Buffer> r =
        chart.send(
            HttpMethod.POST,
            "/api/v1/home-visit-relationships",
            new JsonObject()
                .put("chartPatientId", patient)
                .put("careForm", form)
                .put("firstVisitDate", firstVisit.toString()));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  static void answeredCheck(JsonObject body, String patient) {
    HttpResponse<Buffer> r = chart.postCheck("?wait=20", body.put("chartPatientId", patient));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("ANSWERED");
  }

  static void schedule(LocalDate day, String team, JsonArray visits) {
    HttpResponse<Buffer> r =
        chart.send(
            HttpMethod.PUT,
            "/api/v1/home-visit-schedule/" + day + "?team=" + team,
            new JsonObject().put("visits", visits));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  static JsonObject visit(String patient, String careForm) {
    return new JsonObject().put("chartPatientId", patient).put("careForm", careForm);
  }

  /** Starts the job through the API and answers it once ended. */
  static JsonObject run(JsonObject params) {
    HttpResponse<Buffer> started =
        ops.send(
            HttpMethod.POST,
            "/api/v1/jobs",
            new JsonObject().put("kind", "home-visit-reinquiry").put("params", params));
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    String id = started.bodyAsJsonObject().getString("id");
    await("job " + id + " ended")
        .atMost(Duration.ofSeconds(60))
        .until(() -> ops.get("/api/v1/jobs/" + id).bodyAsJsonObject().containsKey("finishedAt"));
    return ops.get("/api/v1/jobs/" + id).bodyAsJsonObject();
  }

  private static long itemReads() {
    return gw.firstRow("select count(*) as n from audit_read where purpose = 'job-items'")
        .getLong("n");
  }

  static Map<String, JsonObject> items(String jobId) {
    HttpResponse<Buffer> r = ops.get("/api/v1/jobs/" + jobId + "/items?limit=500");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .collect(Collectors.toMap(i -> i.getString("key"), i -> i));
  }

  /** The day's listing for a team, by patient and visit kind. */
  static Map<String, JsonObject> listed(LocalDate day, String team) {
    HttpResponse<Buffer> r = chart.get("/api/v1/home-visit-schedule/" + day + "?team=" + team);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("visits").stream()
        .map(JsonObject.class::cast)
        .collect(
            Collectors.toMap(
                v -> v.getString("chartPatientId") + " " + v.getString("visitKind"), v -> v));
  }

  /** Re-inquiry files the gateway wrote into {@code req/} (one exchange row each). */
  static long reinquiryFiles() {
    return gw.firstRow(
            "select count(*) as n from oqs_exchange where request_file like 'OQSsihvq01req%'")
        .getLong("n");
  }

  private static List<JsonObject> alertsFor(String patient) {
    return webhooks.all().stream()
        .map(r -> r.json().getJsonObject("data"))
        .filter(d -> patient.equals(d.getString("chartPatientId")))
        .filter(d -> "visit-alert".equals(d.getString("kind")))
        .toList();
  }
}
