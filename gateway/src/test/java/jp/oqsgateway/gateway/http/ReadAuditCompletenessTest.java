package jp.oqsgateway.gateway.http;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import jp.oqsgateway.gateway.testsupport.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The paths by which patient data leaves the gateway, each recorded in the read audit before the
 * data is sent: a check's own answer (201, and 202 then GET), home-visit relationships, a card
 * check pushed to a reception desk's webhook (the reader agents' flow end to end is in
 * ReaderAgentLinkTest); and a read that cannot be recorded is not served.
 */
@ExtendWith(VertxExtension.class)
class ReadAuditCompletenessTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
              "read-audit",
              WebhookReceiver.allowedWith(
                  Map.of(
                      "oqs.link.face-max-age", "36500d",
                      "oqs.face-reader.desk", "uketsuke-2",
                      "outbox.poll-interval", "100ms")))
          .andTerminal(PEOPLE);

  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
  }

  @Test
  void aCheckAnsweredAtOnceIsRecordedUnderTheGatewaysRequestIdWithTheCallersBesideIt() {
    SimulatedPerson p = PEOPLE.withTag("noExpiry").get(4);
    JsonObject body = CheckBodies.forPerson(p).put("chartPatientId", "AUDIT-CREATE-1");
    HttpResponse<Buffer> r =
        gw.client()
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/qualification-checks?wait=20")
            .putHeader("Authorization", gw.bearer(Role.CHART))
            .putHeader("X-Request-Id", "karte-7.1")
            .sendJsonObject(body)
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    String ours = r.getHeader("X-Request-Id");
    assertThat(ours).isNotEqualTo("karte-7.1").matches("[0-9a-f]{16}");

    List<JsonObject> reads = reads("AUDIT-CREATE-1");
    assertThat(reads).hasSize(1);
    JsonObject read = reads.get(0);
    assertThat(read.getString("purpose")).isEqualTo("check-created");
    assertThat(read.getString("checkId")).isEqualTo(r.bodyAsJsonObject().getString("id"));
    assertThat(read.getString("requestId")).isEqualTo(ours);
    assertThat(read.getString("clientRequestId")).isEqualTo("karte-7.1");
  }

  @Test
  void aCheckStillWaitingIsRecordedWhenItIsAnsweredWith202AndAgainWhenItIsFetched() {
    SimulatedPerson p = PEOPLE.withTag("noExpiry").get(5);
    JsonObject body = CheckBodies.forPerson(p).put("chartPatientId", "AUDIT-WAIT-1");
    HttpResponse<Buffer> r = new ChartApi(vertx, gw).postCheck("?wait=0", body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    String id = r.bodyAsJsonObject().getString("id");
    await("the check is answered")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "ANSWERED"
                    .equals(
                        new ChartApi(vertx, gw)
                            .get("/api/v1/qualification-checks/" + id)
                            .bodyAsJsonObject()
                            .getString("state")));

    List<JsonObject> reads = reads("AUDIT-WAIT-1");
    assertThat(reads).extracting(o -> o.getString("purpose")).startsWith("check-created", "check");
    assertThat(reads).extracting(o -> o.getString("checkId")).containsOnly(id);
  }

  @Test
  void everyAnswerCarryingAHomeVisitRelationshipIsRecorded() {
    String base = "/api/v1/home-visit-relationships";
    HttpResponse<Buffer> created = createRelationship("AUDIT-HV-1", "nursing");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String id = created.bodyAsJsonObject().getString("id");
    ChartApi api = new ChartApi(vertx, gw, Role.CLINICIAN);
    assertThat(api.get(base + "/" + id).statusCode()).isEqualTo(200);
    assertThat(api.get(base + "?chartPatientId=AUDIT-HV-1").statusCode()).isEqualTo(200);

    List<JsonObject> reads = reads("AUDIT-HV-1");
    assertThat(reads)
        .extracting(o -> o.getString("purpose"))
        .containsExactly("home-visit", "home-visit", "home-visit");
    assertThat(reads.get(1).getJsonArray("roles")).containsExactly("clinician");
  }

  @Test
  void aCardCheckPushedToADesksWebhookIsRecordedWithTheSubscriberAndTheDeskBeforeItLeaves() {
    // Each delivery's arrival by its event: an event another test left for the relay's next round
    // may reach this new subscription too, before the one this test appends.
    Map<String, Instant> arrivals = new ConcurrentHashMap<>();
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx)) {
      receiver.answering(
          x -> {
            arrivals.putIfAbsent(x.eventId(), Instant.now());
            return 200;
          });
      String subscription =
          new ChartApi(vertx, gw)
              .subscribeWebhook(receiver.url(), "check.answered")
              .getString("id");
      // A card check answered at a reception desk, as the reader agents' checks are announced.
      String checkId = UUID.randomUUID().toString();
      Event event =
          Event.of(
              EventType.CHECK_ANSWERED,
              new JsonObject()
                  .put("checkId", checkId)
                  .put("source", "card")
                  .put("state", "ANSWERED")
                  .put("chartPatientId", "AUDIT-DESK-1")
                  .put("desk", "uketsuke-2"));
      gw.gateway().pool().withTransaction(tx -> new Outbox().append(tx, event)).await();
      await("the card check reaches the desk's webhook")
          .atMost(Duration.ofSeconds(20))
          .until(() -> !receiver.forEvent(event.id().toString()).isEmpty());

      JsonObject read =
          allReads().stream()
              .filter(o -> checkId.equals(o.getString("checkId")))
              .filter(o -> "webhook-delivery".equals(o.getString("purpose")))
              .findFirst()
              .orElseThrow();
      assertThat(read.getString("deliveredTo")).isEqualTo("webhook-subscription:" + subscription);
      assertThat(read.getString("desk")).isEqualTo("uketsuke-2");
      assertThat(read.getString("subject")).as("the subscription's owner").isEqualTo("test-client");
      assertThat(read.getString("requestId")).matches("[0-9a-f]{16}");
      assertThat(Instant.parse(read.getString("readAt")))
          .isBeforeOrEqualTo(arrivals.get(event.id().toString()));
    }
  }

  @Test
  void aReadThatCannotBeRecordedIsNotServedButAnswered503() throws SQLException {
    HttpResponse<Buffer> created = createRelationship("AUDIT-REFUSED-1", "dental");
    String id = created.bodyAsJsonObject().getString("id");
    // The audit refuses this one caller's rows (as a full disk or a lost database would refuse
    // all).
    asSuperuser(
        "alter table audit_read add constraint test_refuses_one_subject"
            + " check (subject <> 'unrecordable')");
    try {
      HttpResponse<Buffer> r =
          gw.client()
              .get(gw.apiPort(), "127.0.0.1", "/api/v1/home-visit-relationships/" + id)
              .putHeader("Authorization", gw.bearerFor("unrecordable", Role.CHART))
              .send()
              .await();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("detail")).contains("not served");
      assertThat(r.bodyAsString()).doesNotContain("AUDIT-REFUSED-1", "dental");
    } finally {
      asSuperuser("alter table audit_read drop constraint test_refuses_one_subject");
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Creates a home-visit relationship first visited today, as the chart. */
  private static HttpResponse<Buffer> createRelationship(String chartPatientId, String careForm) {
    return gw.client()
        .post(gw.apiPort(), "127.0.0.1", "/api/v1/home-visit-relationships")
        .putHeader("Authorization", gw.bearer(Role.CHART))
        .sendJsonObject(
            new JsonObject()
                .put("chartPatientId", chartPatientId)
                .put("careForm", careForm)
                .put("firstVisitDate", LocalDate.now(JST).toString()))
        .await();
  }

  private static List<JsonObject> reads(String patient) {
    return readsWhere("patient", patient);
  }

  private static List<JsonObject> allReads() {
    return readsWhere("limit", "1000");
  }

  /** The audit trail's reads as an admin lists them, with one query parameter. */
  private static List<JsonObject> readsWhere(String param, String value) {
    HttpResponse<Buffer> r =
        gw.client()
            .get(gw.apiPort(), "127.0.0.1", "/api/v1/audit/reads")
            .addQueryParam(param, value)
            .putHeader("Authorization", gw.bearer(Role.ADMIN))
            .send()
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("reads").stream().map(JsonObject.class::cast).toList();
  }

  private static void asSuperuser(String sql) throws SQLException {
    PgEndpoint su = TestDatabase.superuserOn(gw.gateway().database().endpoint().database());
    try (Connection c = DriverManager.getConnection(su.jdbcUrl(), su.user(), su.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
