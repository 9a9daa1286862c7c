package jp.oqsgateway.agent.link;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The Vert.x event-bus bridge protocol, one JSON object per WebSocket text frame (see
 * docs/AGENT-PROTOCOL.md): {@code send} and {@code ping} out; {@code rec} (a reply) and {@code err}
 * in.
 */
final class BridgeFrames {
  private BridgeFrames() {}

  static String send(String address, String replyAddress, JsonObject body) {
    return new JsonObject()
        .put("type", "send")
        .put("address", address)
        .put("replyAddress", replyAddress)
        .put("headers", new JsonObject())
        .put("body", body)
        .encode();
  }

  static String ping() {
    return "{\"type\":\"ping\"}";
  }

  /** A frame from the gateway, or empty when it is not one the agent understands. */
  static Optional<Incoming> parse(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException e) {
      return Optional.empty();
    }
    String type = frame.getString("type", "");
    String address = frame.getString("address");
    return switch (type) {
        // vertx-web 5's SockJS bridge names a delivered message "rec"; the TCP bridge "message".
      case "rec", "message" -> {
        Object body = frame.getValue("body");
        JsonObject reply = body instanceof JsonObject o ? o : new JsonObject();
        yield Optional.of(
            new Incoming(
                Optional.ofNullable(address),
                new Reply(
                    Optional.ofNullable(reply.getString("status")), Optional.empty(), reply)));
      }
      case "err" -> {
        // A failed reply carries failureCode; a refusal by the bridge itself ("access_denied",
        // "unknown_address", ...) carries the reason as its body: as final as a 403.
        Object reason = frame.getValue("body");
        int code =
            frame.containsKey("failureCode")
                ? frame.getInteger("failureCode")
                : (reason instanceof String ? 403 : 500);
        String message = frame.getString("message", reason instanceof String r ? r : "");
        yield Optional.of(
            new Incoming(
                Optional.ofNullable(address),
                new Reply(
                    Optional.empty(),
                    Optional.of(code),
                    new JsonObject().put("message", message))));
      }
      default -> Optional.empty();
    };
  }

  /**
   * A reply, addressed to the {@code replyAddress} of the event it answers (errors may lack it).
   */
  record Incoming(Optional<String> address, Reply reply) {}
}
