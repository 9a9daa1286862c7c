package jp.oqsgateway.gateway.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A job as stored, with its item counts.
 *
 * @param state {@code planned}, {@code running}, {@code done} or {@code failed}
 * @param error why it failed or was skipped (a rule or a slug, never patient data)
 */
public record Job(
    UUID id,
    String kind,
    JsonObject params,
    String trigger,
    String requestedBy,
    Optional<Instant> scheduledSlot,
    String state,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<String> error,
    Counts counts) {
  public static final String PLANNED = "planned";
  public static final String RUNNING = "running";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String TRIGGER_SCHEDULE = "schedule";
  public static final String TRIGGER_API = "api";

  /**
   * How far the job's items are.
   *
   * @param done items ended without failing
   * @param failed items ended failing
   * @param outcomes ended items per outcome slug
   */
  public record Counts(int total, int done, int failed, Map<String, Integer> outcomes) {
    public Counts {
      outcomes = Map.copyOf(outcomes);
    }

    /** The counts as the API and {@code job.progress} carry them. */
    public JsonObject toJson() {
      JsonObject perOutcome = new JsonObject();
      outcomes.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> perOutcome.put(e.getKey(), e.getValue()));
      return new JsonObject()
          .put("total", total)
          .put("done", done)
          .put("failed", failed)
          .put("outcomes", perOutcome);
    }
  }
}
