package jp.oqsgateway.gateway.testsupport;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A reader agent's end of the link as docs/AGENT-PROTOCOL.md describes it, written from the
 * document (not from the gateway's code): a WebSocket over TLS trusting the gateway's agent CA, a
 * bearer token on the upgrade, and one JSON bridge frame per text message. {@link #send} answers
 * the reply frame ({@code rec}) or the error frame ({@code err}) of that message.
 */
public final class AgentLink implements AutoCloseable {
  public static final String PATH = "/agent/eventbus/websocket";

  private final WebSocketClient client;
  private final WebSocket socket;
  private final Map<String, Promise<JsonObject>> pending = new ConcurrentHashMap<>();

  /** Frames answering no reply address (the bridge's own refusals), in arrival order. */
  private final ConcurrentLinkedQueue<JsonObject> unaddressed = new ConcurrentLinkedQueue<>();

  private final Promise<Void> closed = Promise.promise();

  private final Vertx vertx;
  private final long pinger;

  private AgentLink(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    // The bridge writes its frames as binary messages, the agent as text: accept both.
    socket.textMessageHandler(text -> received(new JsonObject(text)));
    socket.binaryMessageHandler(bytes -> received(bytes.toJsonObject()));
    socket.closeHandler(v -> closed.tryComplete());
    pinger = vertx.setPeriodic(5000, t -> socket.writeTextMessage("{\"type\":\"ping\"}"));
  }

  private void received(JsonObject frame) {
    String address = frame.getString("address");
    Promise<JsonObject> p = address == null ? null : pending.remove(address);
    if (p != null) {
      p.tryComplete(frame);
    } else {
      unaddressed.add(frame);
    }
  }

  /** The client options of an agent that trusts {@code ca} and verifies the host name. */
  public static WebSocketClientOptions trusting(Path ca) {
    return new WebSocketClientOptions()
        .setSsl(true)
        .setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
  }

  /** Connects as {@code bearer} (null: no Authorization header). */
  public static Future<AgentLink> connect(
      Vertx vertx, WebSocketClientOptions options, int port, String bearer) {
    WebSocketClient client = vertx.createWebSocketClient(options);
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions()
            .setHost("localhost")
            .setPort(port)
            .setURI(PATH)
            .setSsl(options.isSsl());
    if (bearer != null) {
      connect.addHeader("Authorization", bearer);
    }
    return client
        .connect(connect)
        .map(ws -> new AgentLink(vertx, client, ws))
        .onFailure(e -> client.close());
  }

  /** Sends {@code body} to {@code address} and answers the reply or error frame. */
  public JsonObject send(String address, JsonObject body) {
    return sendFrame(
        new JsonObject()
            .put("type", "send")
            .put("address", address)
            .put("headers", new JsonObject())
            .put("body", body));
  }

  /** Sends a frame (its replyAddress set here) and waits up to 10 s for its answer. */
  public JsonObject sendFrame(JsonObject frame) {
    String reply = UUID.randomUUID().toString();
    Promise<JsonObject> p = Promise.promise();
    pending.put(reply, p);
    socket.writeTextMessage(frame.put("replyAddress", reply).encode()).await();
    return p.future().timeout(10, java.util.concurrent.TimeUnit.SECONDS).await();
  }

  /** Writes a frame as it is, expecting no addressed answer. */
  public void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode()).await();
  }

  /** The next frame that answered no reply address, waiting up to {@code limit}. */
  public JsonObject nextUnaddressed(Duration limit) {
    await("an unaddressed frame").atMost(limit).until(() -> !unaddressed.isEmpty());
    return unaddressed.poll();
  }

  /** Sends a ping without waiting (callable from a timer on an event loop). */
  public void ping() {
    socket.writeTextMessage("{\"type\":\"ping\"}");
  }

  public Future<Void> closed() {
    return closed.future();
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    socket.close().await();
    client.close().await();
  }
}
