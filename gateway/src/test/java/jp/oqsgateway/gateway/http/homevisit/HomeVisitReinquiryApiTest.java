package jp.oqsgateway.gateway.http.homevisit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
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
 * Home-visit relationships and the re-inquiry (再照会) through the API, against the gateway's real
 * router, link and database and the simulated terminal, which answers re-inquiries from the
 * consents captured at home.
 */
@ExtendWith(VertxExtension.class)
class HomeVisitReinquiryApiTest {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final String BASE = "/api/v1/home-visit-relationships";

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal("home-visit", WebhookReceiver.ALLOWED)
          .andTerminal(PEOPLE);

  private static ChartApi chart;
  private static WebhookReceiver webhooks;
  private static String bearer;

  @BeforeAll
  static void start(Vertx vertx) {
    chart = new ChartApi(vertx, gw);
    bearer = gw.bearer(Role.CHART);
    webhooks = WebhookReceiver.start(vertx);
    chart.subscribeWebhook(webhooks.url(), "homevisit.alert");
  }

  @AfterAll
  static void stop() {
    webhooks.close();
  }

  @Test
  void aPatientFirstSeenAtHomeIsReInquiredBeforeTheNextVisitWithTheConsentGivenThen() {
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 0);
    LocalDate first = today().minusDays(10);
    gw.terminal()
        .recordHomeVisitConsent(
            p.id(),
            first,
            EnumSet.of(ConsentScope.DRUG, ConsentScope.DIAGNOSIS),
            CareMode.HOME_VISIT);
    JsonObject rel = created(create("HV-1", "medical", first));
    assertThat(rel.getJsonObject("reinquiry").getBoolean("eligible")).isTrue();
    assertThat(rel.getJsonObject("reinquiry").getString("reason")).isEqualTo("within-window");

    HttpResponse<Buffer> r = chart.postCheck("?wait=20", reinquiryBody(p, "HV-1"));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject check = r.bodyAsJsonObject();
    assertThat(check.getString("state")).isEqualTo("ANSWERED");
    assertThat(check.getJsonObject("request").getString("treatment")).isEqualTo("home-visit");
    assertThat(check.getJsonObject("request").getString("homeVisitRelationshipId"))
        .isEqualTo(rel.getString("id"));
    JsonObject q = check.getJsonObject("qualification");
    assertThat(q.getJsonObject("processingResultStatus").getString("code")).isEqualTo("1");
    JsonObject result = q.getJsonArray("results").getJsonObject(0);
    assertThat(result.getJsonObject("pharmacistsInfoConsFlg").getString("code")).isEqualTo("1");
    assertThat(resultFiles()).anyMatch(name -> name.startsWith("OQSsihvq01res_"));
  }

  @Test
  void aReInquiryWithoutTheBranchNumberIsRefusedNamingTheFieldAndNothingReachesTheTerminal() {
    SimulatedPerson p =
        PEOPLE.persons().stream()
            .filter(x -> !x.hasTag("multiple") && !x.hasTag("notFound"))
            .filter(x -> x.coverageOn(CheckBodies.AS_OF).map(c -> c.branch() != null).orElse(false))
            .filter(
                x ->
                    !x.coverageOn(CheckBodies.AS_OF)
                        .orElseThrow()
                        .insurerNumber()
                        .strip()
                        .startsWith("39"))
            .findFirst()
            .orElseThrow();
    LocalDate first = today().minusDays(5);
    gw.terminal()
        .recordHomeVisitConsent(p.id(), first, EnumSet.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
    created(create("HV-BRANCH", "medical", first));
    long exchangesBefore = exchanges();
    JsonObject body = reinquiryBody(p, "HV-BRANCH");
    body.remove("insuredBranchNumber");

    HttpResponse<Buffer> r = chart.postCheck("?wait=5", body);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsString()).contains("insuredBranchNumber").contains("後期高齢者医療");
    assertThat(exchanges()).isEqualTo(exchangesBefore);
    HttpResponse<Buffer> withBranch = chart.postCheck("?wait=20", reinquiryBody(p, "HV-BRANCH"));
    assertThat(withBranch.statusCode()).as(withBranch.bodyAsString()).isEqualTo(201);
    assertThat(exchanges()).isEqualTo(exchangesBefore + 1);
  }

  private static long exchanges() {
    return gw.firstRow("select count(*) from oqs_exchange").getLong(0);
  }

  @Test
  void aReInquiryOqsRefusesStopsTheNextOneAndAlertsStaffUntilANewFirstVisitAtHome() {
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 1);
    LocalDate first = today().minusDays(20);
    gw.terminal()
        .recordHomeVisitConsent(p.id(), first, EnumSet.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
    gw.terminal().withdrawConsent(p.id());
    String id = created(create("HV-2", "nursing", first)).getString("id");

    HttpResponse<Buffer> refused = chart.postCheck("?wait=20", reinquiryBody(p, "HV-2"));

    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(201);
    JsonObject answer = refused.bodyAsJsonObject().getJsonObject("qualification");
    assertThat(answer.getJsonObject("processingResultStatus").getString("code")).isEqualTo("2");
    String checkId = refused.bodyAsJsonObject().getString("id");
    await("homevisit.alert for the refused re-inquiry")
        .atMost(Duration.ofSeconds(10))
        .until(() -> alertFor(checkId) != null);
    JsonObject alert = alertFor(checkId);
    assertThat(alert.getString("kind")).isEqualTo("reinquiry-refused");
    assertThat(alert.getString("relationshipId")).isEqualTo(id);
    assertThat(alert.getString("chartPatientId")).isEqualTo("HV-2");
    JsonObject rel = get(BASE + "/" + id).bodyAsJsonObject();
    assertThat(rel.getString("refusedAt")).isNotBlank();
    assertThat(rel.getJsonObject("reinquiry").getString("reason")).isEqualTo("refused-by-oqs");

    HttpResponse<Buffer> again = chart.postCheck("?wait=20", reinquiryBody(p, "HV-2"));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("type")).endsWith("/reinquiry-not-eligible");
    assertThat(again.bodyAsJsonObject().getJsonObject("reinquiry").getString("reason"))
        .isEqualTo("refused-by-oqs");

    // The patient confirms at home again: a new consent and a new window.
    gw.terminal()
        .recordHomeVisitConsent(
            p.id(), today(), EnumSet.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
    HttpResponse<Buffer> renewed =
        post(BASE + "/" + id + "/first-visit", new JsonObject().put("date", today().toString()));
    assertThat(renewed.statusCode()).as(renewed.bodyAsString()).isEqualTo(200);
    assertThat(renewed.bodyAsJsonObject().containsKey("refusedAt")).isFalse();
    HttpResponse<Buffer> answered = chart.postCheck("?wait=20", reinquiryBody(p, "HV-2"));
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(201);
    assertThat(
            answered
                .bodyAsJsonObject()
                .getJsonObject("qualification")
                .getJsonObject("processingResultStatus")
                .getString("code"))
        .isEqualTo("1");
  }

  @Test
  void aReInquiryForAPatientWithoutARelationshipIsRefusedBeforeAnythingIsSent() {
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 2);
    HttpResponse<Buffer> r = chart.postCheck("?wait=20", reinquiryBody(p, "HV-NONE"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/no-home-visit-relationship");

    JsonObject withoutPatient = reinquiryBody(p, "HV-NONE");
    withoutPatient.remove("chartPatientId");
    HttpResponse<Buffer> bad = chart.postCheck("?wait=20", withoutPatient);
    assertThat(bad.statusCode()).as(bad.bodyAsString()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("chartPatientId");
  }

  @Test
  void pastTheWindowTheClaimedMonthsDecideAndTheFirstMissingOneIsNamed() {
    LocalDate first = today().minusMonths(5);
    String id = created(create("HV-3", "medical", first)).getString("id");
    JsonObject before = get(BASE + "/" + id).bodyAsJsonObject().getJsonObject("reinquiry");
    assertThat(before.getBoolean("eligible")).isFalse();
    assertThat(before.getString("reason")).isEqualTo("claims-missing");
    assertThat(before.getString("missingClaimMonth")).isEqualTo(YearMonth.from(first).toString());

    JsonArray months = new JsonArray();
    for (YearMonth m = YearMonth.from(first);
        !m.isAfter(YearMonth.from(today()).minusMonths(2));
        m = m.plusMonths(1)) {
      months.add(m.toString());
    }
    HttpResponse<Buffer> r =
        post(BASE + "/" + id + "/claims", new JsonObject().put("months", months));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject after = r.bodyAsJsonObject();
    assertThat(after.getJsonArray("claimMonths")).hasSize(months.size());
    assertThat(after.getJsonObject("reinquiry").getString("reason")).isEqualTo("continuing");

    for (YearMonth refused :
        List.of(YearMonth.from(first).minusMonths(1), YearMonth.from(today()).plusMonths(1))) {
      HttpResponse<Buffer> bad = claim(id, refused);
      assertThat(bad.statusCode()).as(refused + ": " + bad.bodyAsString()).isEqualTo(400);
      assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("months");
    }
  }

  @Test
  void aRelationshipIsOnePerPatientAndCareFormAndOnceEndedItCannotChange() {
    LocalDate first = today().minusDays(3);
    String id = created(create("HV-4", "pharmacy", first)).getString("id");
    HttpResponse<Buffer> twice = create("HV-4", "pharmacy", first);
    assertThat(twice.statusCode()).as(twice.bodyAsString()).isEqualTo(409);
    assertThat(twice.bodyAsJsonObject().getString("relationshipId")).isEqualTo(id);
    assertThat(created(create("HV-4", "nursing", first)).getString("id")).isNotEqualTo(id);

    HttpResponse<Buffer> future = create("HV-5", "medical", today().plusDays(1));
    assertThat(future.statusCode()).as(future.bodyAsString()).isEqualTo(400);
    assertThat(future.bodyAsJsonObject().getString("field")).isEqualTo("firstVisitDate");
    HttpResponse<Buffer> tooEarly = post(BASE + "/" + id + "/end", end(first.minusDays(1)));
    assertThat(tooEarly.statusCode()).as(tooEarly.bodyAsString()).isEqualTo(400);
    assertThat(tooEarly.bodyAsJsonObject().getString("field")).isEqualTo("lastVisitDate");

    HttpResponse<Buffer> ended = post(BASE + "/" + id + "/end", end(today()));
    assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(200);
    assertThat(ended.bodyAsJsonObject().getBoolean("active")).isFalse();
    assertThat(ended.bodyAsJsonObject().getString("endedOn")).isEqualTo(today().toString());

    for (HttpResponse<Buffer> r :
        List.of(
            post(BASE + "/" + id + "/end", end(today())),
            post(
                BASE + "/" + id + "/first-visit", new JsonObject().put("date", today().toString())),
            claim(id, YearMonth.from(today())))) {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
      assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/home-visit-relationship-ended");
    }
    JsonArray all =
        get(BASE + "?chartPatientId=HV-4").bodyAsJsonObject().getJsonArray("relationships");
    assertThat(all).hasSize(2);
    assertThat(all.getJsonObject(0).getBoolean("active")).as("active first").isTrue();
    // A new relationship for the same care form once the old one ended.
    assertThat(create("HV-4", "pharmacy", today()).statusCode()).isEqualTo(201);
  }

  @Test
  void anUnknownRelationshipIsNotFoundForEveryOperation() {
    assertThat(get(BASE).statusCode()).as("list without chartPatientId").isEqualTo(400);
    String unknown = BASE + "/00000000-0000-4000-8000-000000000000";
    assertThat(get(unknown).statusCode()).isEqualTo(404);
    assertThat(post(unknown + "/end", end(today())).statusCode()).isEqualTo(404);
    assertThat(
            post(unknown + "/first-visit", new JsonObject().put("date", today().toString()))
                .statusCode())
        .isEqualTo(404);
    assertThat(post(unknown + "/claims", claimOf(YearMonth.from(today()))).statusCode())
        .isEqualTo(404);
  }

  private static LocalDate today() {
    return LocalDate.now(JST);
  }

  private static JsonObject reinquiryBody(SimulatedPerson p, String patient) {
    return CheckBodies.forPerson(p, CheckBodies.AS_OF, today())
        .put("chartPatientId", patient)
        .put("treatment", "home-visit")
        .put("limitApplicationConsent", false);
  }

  private static HttpResponse<Buffer> claim(String id, YearMonth month) {
    return post(BASE + "/" + id + "/claims", claimOf(month));
  }

  private static JsonObject claimOf(YearMonth month) {
    return new JsonObject().put("months", new JsonArray().add(month.toString()));
  }

  private static JsonObject end(LocalDate last) {
    return new JsonObject().put("lastVisitDate", last.toString()).put("reason", "care-ended");
  }

  private static HttpResponse<Buffer> create(String patient, String form, LocalDate first) {
    return post(
        BASE,
        new JsonObject()
            .put("chartPatientId", patient)
            .put("careForm", form)
            .put("firstVisitDate", first.toString()));
  }

  private static JsonObject created(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.getHeader("Location"))
        .isEqualTo(BASE + "/" + r.bodyAsJsonObject().getString("id"));
    return r.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> post(String path, JsonObject body) {
    return gw.client()
        .post(gw.apiPort(), "127.0.0.1", path)
        .putHeader("Authorization", bearer)
        .sendJsonObject(body)
        .await();
  }

  private static HttpResponse<Buffer> get(String path) {
    return chart.get(path);
  }

  private static JsonObject alertFor(String checkId) {
    return webhooks.all().stream()
        .map(r -> r.json().getJsonObject("data"))
        .filter(d -> checkId.equals(d.getString("checkId")))
        .findFirst()
        .orElse(null);
  }

  private static List<String> resultFiles() {
    Path res = gw.home().resolve("var/oqs/res");
    try (Stream<Path> files = Files.list(res)) {
      return files.map(f -> f.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
