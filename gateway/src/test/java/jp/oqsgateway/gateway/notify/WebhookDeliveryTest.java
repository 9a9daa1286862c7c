package jp.oqsgateway.gateway.notify;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
import jp.oqsgateway.gateway.testsupport.WebhookReceiver.Received;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events reaching a chart system's webhook endpoint: a real HTTP receiver, the gateway's real relay
 * and database, and the simulated terminal answering checks made through the API.
 */
@ExtendWith(VertxExtension.class)
class WebhookDeliveryTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  /** Fast retries so the backoff can be watched within a test. */
  private static final Map<String, String> FAST_RELAY =
      WebhookReceiver.allowedWith(
          Map.of(
              "outbox.poll-interval", "50ms",
              "webhooks.retry-delays", "200ms,1s",
              "webhooks.max-attempts", "5",
              "webhooks.timeout", "2s"));

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal("webhooks", FAST_RELAY).andTerminal(PEOPLE);

  private static WebClient client;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    client = WebClient.create(vertx);
  }

  private static JsonObject subscribe(InProcessGateway on, String url, String... types) {
    return new ChartApi(vertx, on).subscribeWebhook(url, types);
  }

  private static JsonArray deliveries(InProcessGateway on, String subscriptionId) {
    HttpResponse<Buffer> r =
        client
            .get(
                on.apiPort(),
                "127.0.0.1",
                "/api/v1/webhook-subscriptions/" + subscriptionId + "/deliveries")
            .putHeader("Authorization", on.bearer(Role.CHART))
            .send()
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("deliveries");
  }

  private static Event append(InProcessGateway on, EventType type, JsonObject data) {
    Event event = Event.of(type, data);
    on.gateway().pool().withTransaction(tx -> new Outbox().append(tx, event)).await();
    return event;
  }

  @Test
  void anAnsweredCheckReachesTheWebhookSignedWithTheSubscriptionSecretAndItsEventId() {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx)) {
      JsonObject sub = subscribe(gw, receiver.url(), "check.answered");
      SimulatedPerson person = PEOPLE.first("family");
      JsonObject request = CheckBodies.forPerson(person);
      HttpResponse<Buffer> r =
          client
              .post(gw.apiPort(), "127.0.0.1", "/api/v1/qualification-checks?wait=20")
              .putHeader("Authorization", gw.bearer(Role.CHART))
              .sendJsonObject(request)
              .await();
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      String checkId = r.bodyAsJsonObject().getString("id");

      await("check.answered for the check")
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  receiver.all().stream()
                      .anyMatch(
                          x ->
                              checkId.equals(x.json().getJsonObject("data").getString("checkId"))));
      Received hook =
          receiver.all().stream()
              .filter(x -> checkId.equals(x.json().getJsonObject("data").getString("checkId")))
              .findFirst()
              .orElseThrow();
      JsonObject body = hook.json();
      assertThat(hook.eventType()).isEqualTo("check.answered");
      assertThat(body.getString("type")).isEqualTo("check.answered");
      assertThat(hook.eventId()).isEqualTo(body.getString("id"));
      assertThat(hook.signature())
          .startsWith("sha256=")
          .isEqualTo(
              WebhookSignature.sign(
                  sub.getString("secret"),
                  Long.parseLong(hook.timestamp()),
                  hook.body().getBytes()));
      assertThat(
              WebhookSignature.verify(
                  sub.getString("secret"),
                  Long.parseLong(hook.timestamp()),
                  hook.body().getBytes(),
                  hook.signature()))
          .isTrue();
      JsonObject data = body.getJsonObject("data");
      assertThat(data.getString("chartPatientId")).isEqualTo(person.chart().patientId());
      assertThat(data.getString("qualificationValidity")).isEqualTo("1");
      // ids, states and codes only: no names, numbers or birth date (the check is GET-able)
      assertThat(data.fieldNames())
          .containsExactlyInAnyOrder(
              "checkId",
              "source",
              "state",
              "chartPatientId",
              "qualificationValidity",
              "processingResultStatus");
      assertThat(hook.body().toString()).doesNotContain(request.getString("birthdate"));
    }
  }

  @Test
  void
      aReceiverFailingTwiceGetsTheSameEventThreeTimesWithGrowingDelaysAndTheLogShowsThreeAttempts() {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx)) {
      AtomicInteger calls = new AtomicInteger();
      receiver.answering(x -> calls.incrementAndGet() <= 2 ? 500 : 200);
      JsonObject sub = subscribe(gw, receiver.url(), "homevisit.alert");
      Event event = append(gw, EventType.HOMEVISIT_ALERT, new JsonObject().put("jobId", "j-1"));
      String id = event.id().toString();

      await("three attempts")
          .atMost(Duration.ofSeconds(15))
          .until(() -> receiver.forEvent(id).size() >= 3);
      List<Received> got = receiver.forEvent(id);
      assertThat(got).extracting(Received::eventId).containsOnly(id);
      long first = got.get(1).nanos() - got.get(0).nanos();
      long second = got.get(2).nanos() - got.get(1).nanos();
      assertThat(second).isGreaterThan(first);
      assertThat(Duration.ofNanos(first)).isGreaterThanOrEqualTo(Duration.ofMillis(150));

      await("the log shows the delivery")
          .atMost(Duration.ofSeconds(5))
          .until(() -> "DELIVERED".equals(deliveryOf(sub, id).getString("state")));
      JsonObject logged = deliveryOf(sub, id);
      assertThat(logged.getInteger("attempts")).isEqualTo(3);
      assertThat(logged.getInteger("lastStatusCode")).isEqualTo(200);
      assertThat(logged.getString("eventType")).isEqualTo("homevisit.alert");
      assertThat(receiver.forEvent(id)).hasSize(3);
    }
  }

  @Test
  void aDeliveryIsGivenUpAfterTheLastAllowedAttemptAndTheLogSaysSo() {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx)) {
      receiver.answering(x -> 500);
      JsonObject sub = subscribe(gw, receiver.url(), "card.unlinked");
      String id = append(gw, EventType.CARD_UNLINKED, new JsonObject().put("n", 1)).id().toString();

      await("given up")
          .atMost(Duration.ofSeconds(15))
          .until(() -> "GIVEN_UP".equals(deliveryOf(sub, id).getString("state")));
      JsonObject logged = deliveryOf(sub, id);
      assertThat(logged.getInteger("attempts")).isEqualTo(5);
      assertThat(logged.getString("lastError")).isEqualTo("http-status");
      assertThat(logged.getInteger("lastStatusCode")).isEqualTo(500);
      assertThat(logged.containsKey("nextAttemptAt")).isFalse();
      assertThat(receiver.forEvent(id)).hasSize(5);
    }
  }

  @Test
  void aSubscriptionWhoseTargetIsNoLongerAllowedIsRefusedAtDeliveryBeforeAnyConnection() {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx)) {
      JsonObject lan = subscribe(gw, receiver.url(), "terminal.link.up");
      JsonObject own = subscribe(gw, receiver.url(), "terminal.link.up");
      // as if made under an earlier allow-list: the row now names a LAN address and the gateway's
      // own management port (allowed loopback, but never its own ports)
      retarget(lan, "http://10.0.0.1:9/hooks");
      retarget(own, "http://127.0.0.1:" + gw.managementPort() + "/health/ready");
      String id =
          append(gw, EventType.TERMINAL_LINK_UP, new JsonObject().put("n", 1)).id().toString();

      for (JsonObject sub : List.of(lan, own)) {
        await("the attempt recorded")
            .atMost(Duration.ofSeconds(10))
            .until(() -> deliveryOf(sub, id).getInteger("attempts", 0) >= 1);
        JsonObject logged = deliveryOf(sub, id);
        // refused by the check before connecting: no status, and not a connection failure or the
        // 2 s timeout a packet to 10.0.0.1 would have ended in
        assertThat(logged.getString("lastError")).isEqualTo("refused-by-policy");
        assertThat(logged.containsKey("lastStatusCode")).isFalse();
        assertThat(logged.getString("state")).isEqualTo("PENDING");
      }
      assertThat(receiver.forEvent(id)).isEmpty();
    }
  }

  @Test
  void theGatewaysOwnPortsAreRefusedAtSubscriptionEvenWithLoopbackAllowed() {
    var r =
        WebClient.create(vertx)
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/webhook-subscriptions")
            .putHeader("Authorization", gw.bearer(Role.CHART))
            .sendJsonObject(
                new JsonObject()
                    .put("url", "http://127.0.0.1:" + gw.managementPort() + "/metrics")
                    .put("eventTypes", new JsonArray().add("check.failed")))
            .await();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("gateway's own ports");
  }

  @Test
  void aReceiverThatNeverAnswersCountsAsATimeoutAfterTheTotalDeadlineAndTheLogSaysOnlyTimeout() {
    HttpServer silent = vertx.createHttpServer().requestHandler(req -> {});
    silent.listen(0, "127.0.0.1").await();
    HttpServer closed = vertx.createHttpServer().requestHandler(req -> {});
    closed.listen(0, "127.0.0.1").await();
    int closedPort = closed.actualPort();
    closed.close().await();
    try {
      JsonObject slow =
          subscribe(gw, "http://127.0.0.1:" + silent.actualPort() + "/hooks", "check.queued");
      JsonObject refused =
          subscribe(gw, "http://127.0.0.1:" + closedPort + "/hooks", "check.queued");
      String id = append(gw, EventType.CHECK_QUEUED, new JsonObject().put("n", 1)).id().toString();

      await("both attempts recorded")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  deliveryOf(slow, id).getInteger("attempts", 0) >= 1
                      && deliveryOf(refused, id).getInteger("attempts", 0) >= 1);
      assertThat(deliveryOf(slow, id).getString("lastError")).isEqualTo("timeout");
      assertThat(deliveryOf(refused, id).getString("lastError")).isEqualTo("connection-refused");
    } finally {
      silent.close().await();
    }
  }

  @Test
  void anAnswerWhoseBodyNeverEndsIsDeliveredOnItsStatusWithoutWaitingForTheBody() {
    HttpServer endless =
        answeringAfterTheBody(
            response ->
                response
                    .setChunked(true)
                    .setStatusCode(200)
                    .write(Buffer.buffer(new byte[256 * 1024])));
    try {
      JsonObject sub =
          subscribe(gw, "http://127.0.0.1:" + endless.actualPort() + "/hooks", "check.queued");
      String id = append(gw, EventType.CHECK_QUEUED, new JsonObject().put("n", 2)).id().toString();
      await("delivered")
          .atMost(Duration.ofSeconds(5))
          .until(() -> "DELIVERED".equals(deliveryOf(sub, id).getString("state")));
      assertThat(deliveryOf(sub, id).getInteger("attempts")).isEqualTo(1);
    } finally {
      endless.close().await();
    }
  }

  @Test
  void aRedirectIsNotFollowedAndCountsAsAFailedAttemptWithItsStatus() {
    try (WebhookReceiver elsewhere = WebhookReceiver.start(vertx)) {
      HttpServer redirecting =
          answeringAfterTheBody(
              response -> response.setStatusCode(307).putHeader("Location", elsewhere.url()).end());
      try {
        JsonObject sub =
            subscribe(
                gw, "http://127.0.0.1:" + redirecting.actualPort() + "/hooks", "card.unlinked");
        String id =
            append(gw, EventType.CARD_UNLINKED, new JsonObject().put("n", 7)).id().toString();
        await("the attempt recorded")
            .atMost(Duration.ofSeconds(10))
            .until(() -> deliveryOf(sub, id).getInteger("attempts", 0) >= 1);
        JsonObject logged = deliveryOf(sub, id);
        assertThat(logged.getInteger("lastStatusCode")).isEqualTo(307);
        assertThat(logged.getString("lastError")).isEqualTo("http-status");
        assertThat(elsewhere.forEvent(id)).isEmpty();
      } finally {
        redirecting.close().await();
      }
    }
  }

  private static void retarget(JsonObject sub, String url) {
    gw.query(
        "update webhook_subscription set url = $2 where id = $1",
        java.util.UUID.fromString(sub.getString("id")),
        url);
  }

  private static JsonObject deliveryOf(JsonObject sub, String eventId) {
    return deliveries(gw, sub.getString("id")).stream()
        .map(JsonObject.class::cast)
        .filter(d -> eventId.equals(d.getString("eventId")))
        .findFirst()
        .orElse(new JsonObject());
  }

  @Test
  void anEventWrittenInATransactionThatRollsBackIsNeverDelivered() {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx)) {
      subscribe(gw, receiver.url(), "job.progress");
      Event rolledBack = Event.of(EventType.JOB_PROGRESS, new JsonObject().put("jobId", "rb"));
      Future<Void> tx =
          gw.gateway()
              .pool()
              .withTransaction(
                  c ->
                      new Outbox()
                          .append(c, rolledBack)
                          .compose(v -> Future.<Void>failedFuture("the state change failed")));
      assertThat(tx.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
      Event committed = append(gw, EventType.JOB_PROGRESS, new JsonObject().put("jobId", "ok"));

      await("the committed event")
          .atMost(Duration.ofSeconds(10))
          .until(() -> !receiver.forEvent(committed.id().toString()).isEmpty());
      assertThat(receiver.forEvent(rolledBack.id().toString())).isEmpty();
      long rows =
          gw.firstRow("select count(*) from outbox_event where id = $1", rolledBack.id())
              .getLong(0);
      assertThat(rows).isZero();
    }
  }

  @Test
  void aNewGatewayOnTheSameDatabaseDeliversWhatThePreviousOneLeftPendingExactlyAsTheTableSays()
      throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start(vertx)) {
      receiver.answering(x -> 503);
      // Gateways sharing a database share the key that seals the webhook secrets.
      Map<String, String> shared = new HashMap<>(FAST_RELAY);
      java.nio.file.Path keys = java.nio.file.Files.createTempDirectory("oqsgw-keys-");
      shared.put("webhooks.secret-key-file", keys.resolve("secret.key").toString());
      InProcessGateway first = InProcessGateway.start("webhooks_restart", shared);
      String dbUrl = TestDatabase.url(first.gateway().database().endpoint());
      String subscriptionId;
      List<String> ids;
      try {
        subscriptionId = subscribe(first, receiver.url(), "qualification.changed").getString("id");
        ids =
            List.of(
                append(first, EventType.QUALIFICATION_CHANGED, new JsonObject().put("n", 1))
                    .id()
                    .toString(),
                append(first, EventType.QUALIFICATION_CHANGED, new JsonObject().put("n", 2))
                    .id()
                    .toString());
        await("both refused at least once")
            .atMost(Duration.ofSeconds(10))
            .until(() -> ids.stream().allMatch(id -> !receiver.forEvent(id).isEmpty()));
      } finally {
        first.close();
      }
      Map<String, Integer> attemptsBefore = pendingAttempts(dbUrl);
      assertThat(attemptsBefore).containsOnlyKeys(ids);
      Map<String, Integer> receivedBefore = new HashMap<>();
      ids.forEach(id -> receivedBefore.put(id, receiver.forEvent(id).size()));
      assertThat(receivedBefore).isEqualTo(attemptsBefore);

      receiver.answering(x -> 200);
      Map<String, String> settings = new HashMap<>(shared);
      settings.put("pg.url", dbUrl);
      try (InProcessGateway second = InProcessGateway.start("webhooks_unused", settings)) {
        await("both delivered by the new gateway")
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    deliveries(second, subscriptionId).stream()
                        .map(JsonObject.class::cast)
                        .allMatch(d -> "DELIVERED".equals(d.getString("state"))));
        for (Object o : deliveries(second, subscriptionId)) {
          JsonObject d = (JsonObject) o;
          String id = d.getString("eventId");
          assertThat(d.getInteger("attempts")).isEqualTo(attemptsBefore.get(id) + 1);
          assertThat(receiver.forEvent(id)).hasSize(attemptsBefore.get(id) + 1);
        }
      } finally {
        TestDatabase.deleteQuietly(keys);
      }
    }
  }

  /** Event id → attempts made, of the deliveries still pending, read straight from the table. */
  private static Map<String, Integer> pendingAttempts(String dbUrl) {
    var endpoint = jp.oqsgateway.gateway.bootstrap.DatabaseBootstrap.fromUrl(dbUrl);
    var pool = TestDatabase.pool(vertx, endpoint);
    try {
      Map<String, Integer> attempts = new HashMap<>();
      for (Row r :
          pool.query(
                  "select event_id, attempts from webhook_delivery"
                      + " where delivered_at is null and given_up_at is null")
              .execute()
              .await()) {
        attempts.put(r.getUUID("event_id").toString(), r.getInteger("attempts"));
      }
      return attempts;
    } finally {
      pool.close().await();
    }
  }

  /** A server on a random loopback port that reads each request's body, then answers with it. */
  private static HttpServer answeringAfterTheBody(Consumer<HttpServerResponse> answer) {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(req -> req.body().onSuccess(b -> answer.accept(req.response())));
    server.listen(0, "127.0.0.1").await();
    return server;
  }
}
