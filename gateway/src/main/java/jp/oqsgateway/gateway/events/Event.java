package jp.oqsgateway.gateway.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
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

  /**
   * Whether the event names a check or a patient ({@code checkId} or {@code chartPatientId} in its
   * data: the results of checks, card checks at a desk among them, qualification changes,
   * home-visit alerts). Showing such an event to anyone is a read of patient data, audited before
   * it leaves (webhook deliveries, live connections); events that name neither (card inserted,
   * reader status, link up or down, job progress) are not.
   */
  public boolean namesCheckOrPatient() {
    return payload.containsKey("checkId") || payload.containsKey("chartPatientId");
  }

  /** The chart patient the event names, if any. */
  public Optional<String> chartPatientId() {
    return Optional.ofNullable(payload.getValue("chartPatientId")).map(String::valueOf);
  }

  /** The check the event names, if it names one of ours (a UUID). */
  public Optional<UUID> checkId() {
    try {
      return payload.getValue("checkId") instanceof String s
          ? Optional.of(UUID.fromString(s))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a check of ours: recorded without it
    }
  }

  /** The reception desk the event names ({@code desk}, or {@code deskId} for card events). */
  public Optional<String> desk() {
    return Optional.ofNullable(payload.getString("desk"))
        .or(() -> Optional.ofNullable(payload.getString("deskId")));
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
