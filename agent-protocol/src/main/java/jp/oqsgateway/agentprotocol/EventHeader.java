package jp.oqsgateway.agentprotocol;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The fields every event body carries: {@code eventId}, {@code agentId}, {@code readerId}, {@code
 * deskId}, {@code occurredAt} (RFC 3339).
 */
public record EventHeader(
    UUID eventId, String agentId, String readerId, String deskId, Instant occurredAt) {
  public EventHeader {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(readerId, "readerId");
    Objects.requireNonNull(deskId, "deskId");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("eventId", eventId.toString())
        .put("agentId", agentId)
        .put("readerId", readerId)
        .put("deskId", deskId)
        .put("occurredAt", occurredAt.toString());
  }

  static EventHeader fromJson(JsonObject o) {
    return new EventHeader(
        UUID.fromString(o.getString("eventId")),
        o.getString("agentId"),
        o.getString("readerId"),
        o.getString("deskId"),
        Instant.parse(o.getString("occurredAt")));
  }
}
