package jp.oqsgateway.gateway.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client of the live feed as a test drives it: messages queued, the close kept. */
final class LiveClient implements AutoCloseable {
  private final WebSocketClient client;
  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private LiveClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(t -> messages.add(new JsonObject(t)));
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
  }

  static LiveClient connect(Vertx vertx, int port, String uri) {
    WebSocketClient client = vertx.createWebSocketClient();
    // Handlers set as the connection completes, before the gateway's first frame can be read.
    return client.connect(port, "127.0.0.1", uri).map(ws -> new LiveClient(client, ws)).await();
  }

  static LiveClient connect(Vertx vertx, int port) {
    return connect(vertx, port, "/api/v1/events/ws");
  }

  /** Connected, authenticated with {@code token} and past {@code ready}. */
  static LiveClient ready(Vertx vertx, int port, String token) {
    LiveClient c = connect(vertx, port);
    c.send(new JsonObject().put("type", "auth").put("token", token));
    c.next("ready");
    return c;
  }

  void send(JsonObject message) {
    ws.writeTextMessage(message.encode()).await();
  }

  /** Subscribes and waits for {@code subscribed}. */
  void subscribe(JsonObject subscription) {
    send(subscription.copy().put("type", "subscribe"));
    next("subscribed");
  }

  /** The next message, skipping heartbeats; it must be of this type. */
  JsonObject next(String type) {
    JsonObject m = poll(Duration.ofSeconds(10));
    assertThat(m).as("a %s message within 10 s", type).isNotNull();
    assertThat(m.getString("type")).as(m.encode()).isEqualTo(type);
    return m;
  }

  /** The next message other than a heartbeat within {@code wait}, or null. */
  JsonObject poll(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        JsonObject m = messages.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (m == null || !"heartbeat".equals(m.getString("type"))) {
          return m;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The ids of the next {@code count} events, in the order received. */
  List<String> eventIds(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(next("event").getJsonObject("event").getString("id"));
    }
    return ids;
  }

  /** The close status the server sent, waiting up to {@code wait}. */
  short closeStatus(Duration wait) {
    return closed.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  void pause() {
    ws.pause();
  }

  void resume() {
    ws.resume();
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      ws.close();
    }
    client.close();
  }
}
