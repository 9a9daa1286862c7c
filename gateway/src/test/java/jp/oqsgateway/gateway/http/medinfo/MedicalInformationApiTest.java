package jp.oqsgateway.gateway.http.medinfo;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import jp.oqsgateway.gateway.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drug, clinical and health-check information only as the patient consented, against the real
 * router, link, database and the simulated terminal (which itself answers YZK/TKK only under a
 * valid consent): refused after a check by insurance numbers, served after a re-inquiry answered on
 * the first visit's consent, refused after the consent is withdrawn; each attempt and each read in
 * the audit with its purpose.
 */
@ExtendWith(VertxExtension.class)
class MedicalInformationApiTest {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final String RELATIONSHIPS = "/api/v1/home-visit-relationships";

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal("medical-information", WebhookReceiver.ALLOWED)
          .andTerminal(PEOPLE);

  private static ChartApi chart;
  private static WebhookReceiver webhooks;

  @BeforeAll
  static void start(Vertx vertx) {
    chart = new ChartApi(vertx, gw);
    webhooks = WebhookReceiver.start(vertx);
    chart.subscribeWebhook(webhooks.url(), "homevisit.alert");
  }

  @AfterAll
  static void stop() {
    webhooks.close();
  }

  @Test
  void withdrawingConsentAlertsStaffAndEndingCareEndsConsentToo() {
    LocalDate first = today().minusDays(3);
    String rel = relationship("MI-5", first);
    String base = RELATIONSHIPS + "/" + rel + "/consent-withdrawal";
    JsonObject tomorrow =
        new JsonObject().put("date", today().plusDays(1).toString()).put("by", "patient");
    HttpResponse<Buffer> future = post(base, tomorrow, Role.CHART);
    assertThat(future.statusCode()).as(future.bodyAsString()).isEqualTo(400);
    assertThat(future.bodyAsJsonObject().getString("field")).isEqualTo("date");
    JsonObject byInstitution =
        new JsonObject()
            .put("date", today().toString())
            .put("by", "institution")
            .put("oqsReason", "1");
    HttpResponse<Buffer> unknown =
        post(
            RELATIONSHIPS + "/00000000-0000-4000-8000-000000000000/consent-withdrawal",
            byInstitution,
            Role.CHART);
    assertThat(unknown.statusCode()).as(unknown.bodyAsString()).isEqualTo(404);

    HttpResponse<Buffer> withdrawn = post(base, byInstitution, Role.CLINICIAN);

    assertThat(withdrawn.statusCode()).as(withdrawn.bodyAsString()).isEqualTo(200);
    await("homevisit.alert consent-withdrawn")
        .atMost(Duration.ofSeconds(10))
        .until(() -> alertOf(rel) != null);
    JsonObject alert = alertOf(rel);
    assertThat(alert.getString("withdrawnBy")).isEqualTo("institution");
    assertThat(alert.getString("oqsReason")).isEqualTo("1");
    assertThat(alert.getString("chartPatientId")).isEqualTo("MI-5");
    assertThat(alert.getString("message")).contains("同意が取り消されています");

    String other = relationship("MI-6", first);
    HttpResponse<Buffer> ended =
        post(
            RELATIONSHIPS + "/" + other + "/end",
            new JsonObject().put("lastVisitDate", today().toString()).put("reason", "care-ended"),
            Role.CHART);
    assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(200);
    JsonObject consent = ended.bodyAsJsonObject().getJsonObject("consentWithdrawal");
    assertThat(consent.getString("withdrawnBy")).isEqualTo("end-of-care");
    assertThat(consent.getString("withdrawnOn")).isEqualTo(today().plusDays(1).toString());
    HttpResponse<Buffer> afterEnd =
        post(RELATIONSHIPS + "/" + other + "/consent-withdrawal", byInstitution, Role.CHART);
    assertThat(afterEnd.statusCode()).as(afterEnd.bodyAsString()).isEqualTo(409);
  }

  private static String relationship(String patient, LocalDate first) {
    HttpResponse<Buffer> created =
        post(
            RELATIONSHIPS,
            new JsonObject()
                .put("chartPatientId", patient)
                .put("careForm", "nursing")
                .put("firstVisitDate", first.toString()),
            Role.CHART);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private static JsonObject alertOf(String relationshipId) {
    return webhooks.all().stream()
        .map(r -> r.json().getJsonObject("data"))
        .filter(d -> relationshipId.equals(d.getString("relationshipId")))
        .filter(d -> "consent-withdrawn".equals(d.getString("kind")))
        .findFirst()
        .orElse(null);
  }

  @Test
  void drugInformationIsRefusedAfterACheckByInsuranceNumbersAloneAndNothingIsSent()
      throws Exception {
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 10);
    HttpResponse<Buffer> check =
        chart.postCheck(
            "?wait=20",
            CheckBodies.forPerson(p, CheckBodies.AS_OF, today()).put("chartPatientId", "MI-1"));
    assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(201);

    HttpResponse<Buffer> r = retrieve("MI-1", "drug", "処方内容の確認");

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("reason"))
        .isEqualTo("consent-not-from-my-number-card");
    assertThat(r.bodyAsJsonObject().getString("message")).contains("保険証の記号・番号", "マイナ保険証");
    assertThat(files("req")).noneMatch(n -> n.startsWith("YZK"));
    assertThat(files("res")).noneMatch(n -> n.startsWith("YZK"));
    assertThat(audited("MI-1")).containsExactly("retrieve drug 処方内容の確認");
  }

  @Test
  void drugInformationIsServedOnTheFirstVisitsConsentUntilItIsWithdrawn() throws Exception {
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 11);
    String rel = homeVisitWithConsent(p, "MI-2", EnumSet.of(ConsentScope.DRUG));
    JsonObject consent =
        chart.get(RELATIONSHIPS + "/" + rel).bodyAsJsonObject().getJsonObject("consent");
    assertThat(consent.getString("basis")).isEqualTo("reinquiry");
    assertThat(consent.getJsonObject("kinds").getJsonObject("drug").getString("flag"))
        .isEqualTo("1");
    assertThat(consent.getJsonObject("kinds").getJsonObject("drug").getString("availableUntil"))
        .as("the window's end, as OQS reported it")
        .isNotBlank();
    assertThat(consent.getJsonObject("kinds").getJsonObject("health-check").getString("flag"))
        .isEqualTo("0");

    HttpResponse<Buffer> served = retrieve("MI-2", "drug", "訪問前の服薬確認");

    assertThat(served.statusCode()).as(served.bodyAsString()).isEqualTo(201);
    JsonObject info = served.bodyAsJsonObject();
    assertThat(info.getString("state")).isEqualTo("answered");
    assertThat(info.getString("medicalTreatmentFlag")).isEqualTo("2");
    JsonObject med = info.getJsonObject("content").getJsonArray("medications").getJsonObject(0);
    assertThat(med.getString("drugName")).isEqualTo("見本錠５ｍｇ（架空）");
    assertThat(med.getString("date")).isNotBlank();
    assertThat(med.getString("quantity")).isEqualTo("1");
    assertThat(med.getString("unit")).isEqualTo("錠");
    assertThat(served.getHeader("Location"))
        .isEqualTo("/api/v1/medical-information/" + info.getString("id"));
    HttpResponse<Buffer> read = get(served.getHeader("Location"), "カンファレンス");
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> noPdf = get(served.getHeader("Location") + "/pdf", "印刷");
    assertThat(noPdf.statusCode()).as("OQS sent XML, no PDF").isEqualTo(404);
    assertThat(read.bodyAsJsonObject().getJsonObject("content"))
        .isEqualTo(info.getJsonObject("content"));

    HttpResponse<Buffer> withdrawn =
        post(
            RELATIONSHIPS + "/" + rel + "/consent-withdrawal",
            new JsonObject()
                .put("date", today().toString())
                .put("by", "patient")
                .put("oqsReason", "2"),
            Role.CHART);
    assertThat(withdrawn.statusCode()).as(withdrawn.bodyAsString()).isEqualTo(200);
    JsonObject after = withdrawn.bodyAsJsonObject();
    assertThat(after.getJsonObject("consentWithdrawal").getString("withdrawnBy"))
        .isEqualTo("patient");
    assertThat(after.getJsonObject("reinquiry").getString("reason")).isEqualTo("consent-withdrawn");

    HttpResponse<Buffer> refused = retrieve("MI-2", "drug", "訪問前の服薬確認");
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("reason")).isEqualTo("consent-withdrawn");
    HttpResponse<Buffer> reinquiry = chart.postCheck("?wait=20", reinquiryBody(p, "MI-2"));
    assertThat(reinquiry.statusCode()).as(reinquiry.bodyAsString()).isEqualTo(409);
    assertThat(reinquiry.bodyAsJsonObject().getJsonObject("reinquiry").getString("reason"))
        .isEqualTo("consent-withdrawn");
    assertThat(audited("MI-2"))
        .containsExactly(
            "retrieve drug 訪問前の服薬確認",
            "read drug カンファレンス",
            "read-pdf drug 印刷",
            "retrieve drug 訪問前の服薬確認");
  }

  @Test
  void aMyNumberCardReadAtTheClinicAllowsTheConsentedKindAsAnOutpatient() throws Exception {
    SimulatedPerson p =
        PEOPLE.withTag("noExpiry").stream()
            .filter(x -> x.consents().pharmacists() && !x.consents().checkups())
            .filter(x -> x.coverageOn(today()).isPresent())
            .findFirst()
            .orElseThrow();
    String check = gw.awaitCheckOfResultFile(gw.terminal().simulateCardReading(p.id()));
    HttpResponse<Buffer> linked =
        gw.client()
            .put(gw.apiPort(), "127.0.0.1", "/api/v1/patients/MI-7/links/" + check)
            .putHeader("Authorization", gw.bearer(Role.CHART))
            .send()
            .await();
    assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(201);

    HttpResponse<Buffer> drug = retrieve("MI-7", "drug", "持参薬の確認");

    assertThat(drug.statusCode()).as(drug.bodyAsString()).isEqualTo(201);
    assertThat(drug.bodyAsJsonObject().getString("state")).isEqualTo("answered");
    assertThat(drug.bodyAsJsonObject().getString("medicalTreatmentFlag")).isEqualTo("1");
    HttpResponse<Buffer> checkup = retrieve("MI-7", "health-check", "健診結果の確認");
    assertThat(checkup.statusCode()).as(checkup.bodyAsString()).isEqualTo(409);
    assertThat(checkup.bodyAsJsonObject().getString("reason")).isEqualTo("no-consent-for-kind");
  }

  @Test
  void aKindThePatientDidNotConsentToIsRefusedWhileAConsentedOneIsServedAsPdf() throws Exception {
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 12);
    homeVisitWithConsent(p, "MI-3", EnumSet.of(ConsentScope.CHECKUP));

    HttpResponse<Buffer> drug = retrieve("MI-3", "drug", "確認");
    assertThat(drug.statusCode()).as(drug.bodyAsString()).isEqualTo(409);
    assertThat(drug.bodyAsJsonObject().getString("reason")).isEqualTo("no-consent-for-kind");

    HttpResponse<Buffer> checkup =
        post(
            "/api/v1/patients/MI-3/medical-information",
            new JsonObject()
                .put("kind", "health-check")
                .put("purpose", "健診結果の確認")
                .put("format", "pdf"),
            Role.CLINICIAN);
    assertThat(checkup.statusCode()).as(checkup.bodyAsString()).isEqualTo(201);
    assertThat(checkup.bodyAsJsonObject().getBoolean("pdf")).isTrue();
    HttpResponse<Buffer> pdf = get(checkup.bodyAsJsonObject().getString("pdfLocation"), "印刷");
    assertThat(pdf.statusCode()).as(pdf.bodyAsString()).isEqualTo(200);
    assertThat(pdf.getHeader("Content-Type")).isEqualTo("application/pdf");
    assertThat(pdf.bodyAsString(StandardCharsets.US_ASCII.name())).startsWith("%PDF");

    HttpResponse<Buffer> xml = retrieve("MI-3", "health-check", "健診結果の確認");
    assertThat(xml.statusCode()).as(xml.bodyAsString()).isEqualTo(201);
    JsonObject item =
        xml.bodyAsJsonObject()
            .getJsonObject("content")
            .getJsonArray("checkups")
            .getJsonObject(0)
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(item.getString("name")).isEqualTo("身長");
    assertThat(item.getString("unit")).isEqualTo("cm");
    assertThat(audited("MI-3")).contains("read-pdf health-check 印刷");
  }

  @Test
  void onlyAClinicianMayRetrieveOrReadInformation() {
    for (Role role : List.of(Role.CHART, Role.RECEPTION)) {
      HttpResponse<Buffer> r =
          post(
              "/api/v1/patients/MI-4/medical-information",
              new JsonObject().put("kind", "drug").put("purpose", "x"),
              role);
      assertThat(r.statusCode()).as(role + ": " + r.bodyAsString()).isEqualTo(403);
      HttpResponse<Buffer> g =
          gw.client()
              .get(
                  gw.apiPort(),
                  "127.0.0.1",
                  "/api/v1/medical-information/00000000-0000-4000-8000-000000000000?purpose=x")
              .putHeader("Authorization", gw.bearer(role))
              .send()
              .await();
      assertThat(g.statusCode()).as(role + ": " + g.bodyAsString()).isEqualTo(403);
    }
    assertThat(
            get("/api/v1/medical-information/00000000-0000-4000-8000-000000000000", "x")
                .statusCode())
        .isEqualTo(404);
    HttpResponse<Buffer> noPurpose =
        post(
            "/api/v1/patients/MI-4/medical-information",
            new JsonObject().put("kind", "drug"),
            Role.CLINICIAN);
    assertThat(noPurpose.statusCode()).as(noPurpose.bodyAsString()).isEqualTo(400);
  }

  /** A consent recorded at home, the relationship, and a re-inquiry answered on it. */
  private static String homeVisitWithConsent(
      SimulatedPerson p, String patient, EnumSet<ConsentScope> scope) {
    LocalDate first = today().minusDays(5);
    gw.terminal().recordHomeVisitConsent(p.id(), first, scope, CareMode.HOME_VISIT);
    String id = relationship(patient, first);
    HttpResponse<Buffer> answered = chart.postCheck("?wait=20", reinquiryBody(p, patient));
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(201);
    assertThat(answered.bodyAsJsonObject().getString("state")).isEqualTo("ANSWERED");
    return id;
  }

  private static JsonObject reinquiryBody(SimulatedPerson p, String patient) {
    return CheckBodies.forPerson(p, CheckBodies.AS_OF, today())
        .put("chartPatientId", patient)
        .put("treatment", "home-visit")
        .put("limitApplicationConsent", false);
  }

  private static HttpResponse<Buffer> retrieve(String patient, String kind, String purpose) {
    return post(
        "/api/v1/patients/" + patient + "/medical-information",
        new JsonObject().put("kind", kind).put("purpose", purpose),
        Role.CLINICIAN);
  }

  private static HttpResponse<Buffer> post(String path, JsonObject body, Role role) {
    return gw.client()
        .post(gw.apiPort(), "127.0.0.1", path)
        .putHeader("Authorization", gw.bearer(role))
        .sendJsonObject(body)
        .await();
  }

  private static HttpResponse<Buffer> get(String path, String purpose) {
    return gw.client()
        .get(gw.apiPort(), "127.0.0.1", path)
        .addQueryParam("purpose", purpose)
        .putHeader("Authorization", gw.bearer(Role.CLINICIAN))
        .send()
        .await();
  }

  private static LocalDate today() {
    return LocalDate.now(JST);
  }

  /**
   * The purpose rows of a patient, oldest first, as "action kind purpose" (beside a chained read).
   */
  private static List<String> audited(String patient) throws SQLException {
    PgEndpoint su = TestDatabase.superuserOn(gw.gateway().database().endpoint().database());
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(su.jdbcUrl(), su.user(), su.password());
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select a.action, a.kind, a.purpose,"
                    + " (select count(*) from audit_read x where x.request_id = a.request_id"
                    + " and x.purpose = 'medical-information') as chained"
                    + " from audit_medical_information a where a.chart_patient_id = '"
                    + patient
                    + "' order by a.id")) {
      while (r.next()) {
        assertThat(r.getInt("chained")).as("a chained audit_read row beside it").isEqualTo(1);
        rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
      }
    }
    return rows;
  }

  private static List<String> files(String folder) throws IOException {
    try (Stream<Path> files = Files.list(gw.home().resolve("var/oqs/" + folder))) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }
}
