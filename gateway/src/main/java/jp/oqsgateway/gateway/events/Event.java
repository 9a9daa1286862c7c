package jp.oqsgateway.gateway.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * A state change as the outbox keeps it and receivers see it. The id is generated at the source and
 * is what receivers deduplicate on. The payload carries ids and states only (no names, insurance
 * numbers or birth dates): a receiver that needs the details GETs the resource.
 *
 * @param occurredAt microsecond precision, as PostgreSQL stores it, so the stored event and this
 *     record are the same
 */
public record Event(UUID id, EventType type, Instant occurredAt, JsonObject payload) {
  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    payload = payload == null ? new JsonObject() : payload.copy();
  }

  /** A new event with a fresh id, occurring now. */
  public static Event of(EventType type, JsonObject payload) {
    return new Event(RowIds.next(), type, Instant.now(), payload);
  }

  /** The body receivers get: {@code {id, type, occurredAt, data}}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("type", type.wireName())
        .put("occurredAt", occurredAt.toString())
        .put("data", payload.copy());
  }
}
