package jp.oqsgateway.gateway.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One item of a job as stored.
 *
 * @param state {@code planned}, {@code in_flight} (its outside effect recorded as {@code
 *     reference}), {@code done} or {@code failed}
 * @param outcome the kind's slug once the item ended
 * @param detail why, in words without patient data, once the item ended (may be absent)
 * @param reference the record of the item's effect (e.g. the check it created)
 */
public record JobItem(
    UUID jobId,
    int position,
    String key,
    JsonObject payload,
    String state,
    Optional<String> outcome,
    Optional<String> detail,
    Optional<UUID> reference,
    Instant updatedAt) {
  public static final String PLANNED = "planned";
  public static final String IN_FLIGHT = "in_flight";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
}
