package jp.oqsgateway.gateway.http.live;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may open a live connection and how: the token in the first message (never the URL), a
 * single-use ticket, the roles; and the same feed over Server-Sent Events, resumed with
 * Last-Event-ID.
 */
class LiveConnectionsAuthenticateTest {
  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass("live-auth", Map.of("api.rate-limit.burst", "100000"));

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static UUID cardAt(String desk) {
    UUID id = UUID.randomUUID();
    gw.query(
        "insert into outbox_event (id, type, occurred_at, payload) values ($1, 'card.inserted',"
            + " now(), $2)",
        id,
        new JsonObject().put("deskId", desk));
    return id;
  }

  private static String ticket(Role role) {
    HttpResponse<Buffer> r =
        gw.client()
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/ws-tickets")
            .putHeader("Authorization", gw.bearer(role))
            .send()
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    return r.bodyAsJsonObject().getString("ticket");
  }

  @Test
  void aTokenInTheUrlIsNotAcceptedTheFirstMessageMustAuthenticate() {
    try (LiveClient client =
        LiveClient.connect(
            vertx, gw.apiPort(), "/api/v1/events/ws?token=" + gw.token(Role.CHART))) {
      client.send(new JsonObject().put("type", "subscribe"));
      assertThat(client.next("error").getString("code")).isEqualTo("unauthenticated");
      assertThat(client.closeStatus(Duration.ofSeconds(5))).isEqualTo((short) 4401);
    }
  }

  @Test
  void aForgedTokenIsAnsweredWithAnErrorAndClose4401() {
    try (LiveClient client = LiveClient.connect(vertx, gw.apiPort())) {
      client.send(new JsonObject().put("type", "auth").put("token", "e30.e30.AAAA"));
      assertThat(client.next("error").getString("code")).isEqualTo("unauthenticated");
      assertThat(client.closeStatus(Duration.ofSeconds(5))).isEqualTo((short) 4401);
    }
  }

  @Test
  void anAgentTokenMayNotFollowTheFeed() {
    try (LiveClient client = LiveClient.connect(vertx, gw.apiPort())) {
      client.send(new JsonObject().put("type", "auth").put("token", gw.token(Role.AGENT)));
      assertThat(client.next("error").getString("code")).isEqualTo("forbidden");
      assertThat(client.closeStatus(Duration.ofSeconds(5))).isEqualTo((short) 4403);
    }
  }

  @Test
  void aClientThatDoesNotAuthenticateWithinFiveSecondsIsClosedWith4408() {
    try (LiveClient client = LiveClient.connect(vertx, gw.apiPort())) {
      assertThat(client.closeStatus(Duration.ofSeconds(10))).isEqualTo((short) 4408);
    }
  }

  @Test
  void readyNamesTheCallerAndAnUnknownEventTypeIsRefusedWith4400() {
    try (LiveClient client = LiveClient.connect(vertx, gw.apiPort())) {
      client.send(new JsonObject().put("type", "auth").put("token", gw.token(Role.OPS)));
      JsonObject ready = client.next("ready");
      assertThat(ready.getJsonArray("roles")).containsExactly("ops");
      assertThat(ready.getInteger("heartbeatSeconds")).isEqualTo(15);
      client.send(new JsonObject().put("type", "ping"));
      client.next("pong");
      client.send(
          new JsonObject()
              .put("type", "subscribe")
              .put("types", new JsonArray().add("card.eaten")));
      JsonObject error = client.next("error");
      assertThat(error.getString("code")).isEqualTo("unknown-event-type");
      assertThat(error.getString("field")).isEqualTo("types");
      assertThat(client.closeStatus(Duration.ofSeconds(5))).isEqualTo((short) 4400);
    }
  }

  @Test
  void aTicketOpensOneConnectionOnlyOnce() {
    String ticket = ticket(Role.RECEPTION);
    String desk = "t-" + UUID.randomUUID().toString().substring(0, 8);
    try (LiveClient first = LiveClient.connect(vertx, gw.apiPort());
        LiveClient second = LiveClient.connect(vertx, gw.apiPort())) {
      first.send(new JsonObject().put("type", "auth").put("ticket", ticket));
      assertThat(first.next("ready").getJsonArray("roles")).containsExactly("reception");
      first.subscribe(new JsonObject().put("desks", new JsonArray().add(desk)));
      UUID card = cardAt(desk);
      assertThat(first.eventIds(1)).containsExactly(card.toString());

      second.send(new JsonObject().put("type", "auth").put("ticket", ticket));
      assertThat(second.next("error").getString("code")).isEqualTo("unauthenticated");
      assertThat(second.closeStatus(Duration.ofSeconds(5))).isEqualTo((short) 4401);
    }
  }

  @Test
  void sseResumesAfterLastEventIdThenStreamsLiveEvents() {
    String desk = "e-" + UUID.randomUUID().toString().substring(0, 8);
    UUID seen = cardAt(desk);
    UUID missed = cardAt(desk);
    LiveFeedOverWebSocketTest.awaitNumberedIn(gw, seen, missed);
    HttpClient http = vertx.createHttpClient();
    StringBuffer body = new StringBuffer();
    HttpClientResponse response =
        http.request(
                new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setPort(gw.apiPort())
                    .setHost("127.0.0.1")
                    .setURI("/api/v1/events/stream?types=card.inserted&desks=" + desk)
                    .putHeader("Authorization", gw.bearer(Role.RECEPTION))
                    .putHeader("Accept", "text/event-stream")
                    .putHeader("Last-Event-ID", seen.toString()))
            .compose(req -> req.send().onSuccess(r -> r.handler(b -> body.append(b.toString()))))
            .await();
    try {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream");
      await("the missed event").until(() -> body.toString().contains("id: " + missed));
      UUID live = cardAt(desk);
      await("the live event").until(() -> body.toString().contains("id: " + live));
      String text = body.toString();
      assertThat(text).startsWith("retry: 3000\n\n").doesNotContain("id: " + seen);
      assertThat(text.indexOf("id: " + missed)).isLessThan(text.indexOf("id: " + live));
      assertThat(text).contains("event: card.inserted\ndata: {\"id\":\"" + missed + "\"");
    } finally {
      http.close().await();
    }
  }

  @Test
  void sseTakesASingleUseTicketInTheQueryForBrowsersEventSource() {
    String ticket = ticket(Role.CLINICIAN);
    HttpClient http = vertx.createHttpClient();
    try {
      RequestOptions options =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setPort(gw.apiPort())
              .setHost("127.0.0.1")
              .setURI("/api/v1/events/stream?ticket=" + ticket)
              .putHeader("Accept", "text/event-stream");
      HttpClientResponse first = http.request(options).compose(req -> req.send()).await();
      assertThat(first.statusCode()).isEqualTo(200);
      first.request().connection().close();
      HttpClientResponse again = http.request(options).compose(req -> req.send()).await();
      assertThat(again.statusCode()).isEqualTo(401);
    } finally {
      http.close().await();
    }
  }

  @Test
  void sseWithoutAcceptingAnEventStreamIsAnswered406() {
    HttpResponse<Buffer> r =
        gw.client()
            .get(gw.apiPort(), "127.0.0.1", "/api/v1/events/stream")
            .putHeader("Authorization", gw.bearer(Role.CHART))
            .send()
            .await();
    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("text/event-stream");
  }

  @Test
  void sseWithALastEventIdThatIsNoEventIdIsAnswered400NamingTheField() {
    HttpResponse<Buffer> r =
        gw.client()
            .get(gw.apiPort(), "127.0.0.1", "/api/v1/events/stream")
            .putHeader("Authorization", gw.bearer(Role.CHART))
            .putHeader("Accept", "text/event-stream")
            .putHeader("Last-Event-ID", "yesterday")
            .send()
            .await();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("lastEventId");
  }

  @Test
  void aConnectionBeyondLiveMaxConnectionsIsRefusedWith4503OverWebSocketAnd503OverSse() {
    try (InProcessGateway own =
            InProcessGateway.start("live-full", Map.of("live.max-connections", "1"));
        LiveClient first = LiveClient.ready(vertx, own.apiPort(), own.token(Role.CHART));
        LiveClient second = LiveClient.connect(vertx, own.apiPort())) {
      assertThat(second.closeStatus(Duration.ofSeconds(5))).isEqualTo((short) 4503);
      HttpResponse<Buffer> sse =
          own.client()
              .get(own.apiPort(), "127.0.0.1", "/api/v1/events/stream")
              .putHeader("Authorization", own.bearer(Role.CHART))
              .putHeader("Accept", "text/event-stream")
              .send()
              .await();
      assertThat(sse.statusCode()).isEqualTo(503);
      assertThat(sse.bodyAsJsonObject().getString("detail")).contains("live.max-connections");
    }
  }

  @Test
  void aPlainGetOfTheWebSocketPathIsAnswered400NamingTheStream() {
    HttpResponse<Buffer> r =
        gw.client().get(gw.apiPort(), "127.0.0.1", "/api/v1/events/ws").send().await();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("/api/v1/events/stream");
  }

  @Test
  void stoppingTheGatewayClosesLiveConnectionsWith1001() {
    try (InProcessGateway own = InProcessGateway.start("live-stop", Map.of());
        LiveClient client = LiveClient.ready(vertx, own.apiPort(), own.token(Role.CHART))) {
      own.gateway().stop();
      assertThat(client.closeStatus(Duration.ofSeconds(10))).isEqualTo((short) 1001);
    }
  }
}
