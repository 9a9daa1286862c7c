package jp.oqsgateway.gateway.health;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A readiness report as anyone who can reach the port may see it: each check's name and state and a
 * fixed reason per check, never the report's own reasons and details (folder paths, database error
 * text, exception messages). Those stay in the log ({@code dependency down}) and on the management
 * port's {@code /health/ready} while that port is bound to loopback.
 */
public final class PublicStatus {
  private static final String UP = "available";
  private static final String DOWN_UNKNOWN = "unavailable; the gateway's log names the cause";
  private static final Map<String, String> DOWN =
      Map.of(
          "database",
          "the database does not answer; the gateway's log names the cause",
          "oqs-folders",
          "the terminal's folders are missing, not writable or short of space; the gateway's log"
              + " names the cause",
          "oqs-link",
          "the terminal's link program is not taking requests; the gateway's log names the cause",
          Readiness.SERVERS,
          "the gateway is starting or stopping");

  private PublicStatus() {}

  /** {@code {"status","checks":[{"name","status","reason"}]}} with fixed reasons only. */
  public static JsonObject of(JsonObject report) {
    JsonArray checks = new JsonArray();
    for (Object o : report.getJsonArray("checks")) {
      JsonObject c = (JsonObject) o;
      String name = c.getString("name");
      boolean up = "UP".equals(c.getString("status"));
      checks.add(
          new JsonObject()
              .put("name", name)
              .put("status", up ? "UP" : "DOWN")
              .put("reason", up ? UP : DOWN.getOrDefault(name, DOWN_UNKNOWN)));
    }
    return new JsonObject().put("status", report.getString("status")).put("checks", checks);
  }
}
