package jp.oqsgateway.gateway.http.live;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A live connection does not outlive its token nor a client that went silent. */
class LiveConnectionsEndTest {
  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass("live-end", Map.of("live.heartbeat", "1s"));

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aTokenRevokedWhileConnectedClosesTheConnectionWith4401() {
    String subject = "screen-" + UUID.randomUUID().toString().substring(0, 8);
    String token = gw.bearerFor(subject, Role.RECEPTION).substring("Bearer ".length());
    try (LiveClient client = LiveClient.ready(vertx, gw.apiPort(), token)) {
      gw.query("insert into token_revocations (subject, reason) values ($1, 'test')", subject);
      assertThat(client.next("error").getString("code")).isEqualTo("unauthenticated");
      assertThat(client.closeStatus(Duration.ofSeconds(10))).isEqualTo((short) 4401);
    }
  }

  @Test
  void aTokenThatExpiresWhileConnectedClosesTheConnectionWith4401() {
    String token = gw.tokenExpiringIn(Duration.ofSeconds(3), Role.CHART);
    try (LiveClient client = LiveClient.ready(vertx, gw.apiPort(), token)) {
      JsonObject error = client.next("error");
      assertThat(error.getString("code")).isEqualTo("unauthenticated");
      assertThat(error.getString("detail")).contains("expired");
      assertThat(client.closeStatus(Duration.ofSeconds(10))).isEqualTo((short) 4401);
    }
  }

  @Test
  void aClientFromWhichNothingArrivesForThreeHeartbeatsIsClosedWith4000() {
    // A raw socket: a WebSocket client library would answer the gateway's pings by itself.
    NetClient net = vertx.createNetClient();
    NetSocket socket = net.connect(gw.apiPort(), "127.0.0.1").await();
    // Appended on the event loop, read by this thread: a StringBuffer, not a Buffer, for that.
    StringBuffer received = new StringBuffer();
    socket.handler(b -> received.append(b.toString(StandardCharsets.ISO_8859_1)));
    socket
        .write(
            "GET /api/v1/events/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n")
        .await();
    // The first frame only once the upgrade is answered, as a WebSocket client does.
    await("the upgrade answered").until(() -> received.toString().startsWith("HTTP/1.1 101"));
    byte[] auth =
        new JsonObject()
            .put("type", "auth")
            .put("token", gw.token(Role.CHART))
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    // A masked text frame (mask 0: the payload goes as it is), 16-bit length.
    socket
        .write(
            Buffer.buffer()
                .appendByte((byte) 0x81)
                .appendByte((byte) (0x80 | 126))
                .appendUnsignedShort(auth.length)
                .appendInt(0)
                .appendBytes(auth))
        .await();
    try {
      await("ready, then silence until the gateway gives up")
          .atMost(Duration.ofSeconds(15))
          .until(() -> LiveFeedOverWebSocketTest.disconnects(gw, "ws", "heartbeat-timeout") >= 1);
      String text = received.toString();
      assertThat(text).contains("\"type\":\"ready\"").contains("\"type\":\"heartbeat\"");
      await("the close frame")
          .until(() -> received.toString().contains("\u0088\u0013\u000f\u00a0heartbeat-timeout"));
    } finally {
      net.close().await();
    }
  }
}
