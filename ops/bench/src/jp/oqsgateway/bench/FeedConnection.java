package jp.oqsgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

/**
 * One client of the gateway's live feed ({@code GET /api/v1/events/ws}, docs/LIVE.md): the token
 * in the first message, then one subscription; the returned future completes at {@code
 * subscribed}. Every later message goes to {@code onBytes}, as received.
 */
final class FeedConnection {
  static final String PATH = "/api/v1/events/ws";

  private FeedConnection() {}

  /**
   * Once subscribed every message goes to {@code onBytes} as the frame's bytes, never decoded into
   * a String: a load client of many connections spends its time (and its garbage collections) on
   * what it measures, not on decoding.
   */
  static Future<WebSocket> open(
      WebSocketClient client,
      String host,
      int port,
      String token,
      JsonObject subscribe,
      Handler<Buffer> onBytes,
      Handler<String> onClose) {
    Promise<WebSocket> subscribed = Promise.promise();
    client
        .connect(port, host, PATH)
        .onFailure(subscribed::tryFail)
        .onSuccess(
            ws -> {
              ws.textMessageHandler(
                  text -> {
                    JsonObject m = new JsonObject(text);
                    switch (m.getString("type", "")) {
                      case "ready" -> ws.writeTextMessage(subscribe.copy().put("type", "subscribe").encode());
                      case "subscribed" -> {
                        ws.textMessageHandler(null);
                        ws.handler(onBytes);
                        subscribed.tryComplete(ws);
                      }
                      case "error" -> subscribed.tryFail("refused: " + text);
                      default -> { }
                    }
                  });
              ws.closeHandler(
                  v -> {
                    subscribed.tryFail("closed " + ws.closeStatusCode() + " " + ws.closeReason());
                    onClose.handle(ws.closeStatusCode() + " " + ws.closeReason());
                  });
              ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", token).encode());
            });
    return subscribed.future();
  }
}
