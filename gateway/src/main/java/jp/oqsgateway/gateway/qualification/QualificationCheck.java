package jp.oqsgateway.gateway.qualification;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored qualification check.
 *
 * @param source {@code api}, {@code card} or {@code face}
 * @param request the asked-for numbers (see {@link CheckRequest#toJson()})
 * @param result the answer as the API shows it (see {@link CheckResults})
 * @param queuedAt when OQS was found unreachable and the check was queued for a re-run (the check
 *     keeps it after the re-run ended it)
 * @param stale the last known answer served in its place while OQS was unreachable, if any
 * @param rerunAt when the queued check was sent again (at most once)
 * @param desk the reception desk a card check came from, when known
 * @param reader the card reader of a card check: {@code face} (the terminal's face-auth reader) or
 *     a reader agent's reader id
 */
public record QualificationCheck(
    UUID id,
    String source,
    String requestedBy,
    Optional<String> chartPatientId,
    CheckState state,
    Optional<CheckFailure> failure,
    Optional<String> failureDetail,
    JsonObject request,
    Optional<UUID> exchangeId,
    Optional<JsonObject> result,
    Instant requestedAt,
    Optional<Instant> finishedAt,
    Optional<Instant> queuedAt,
    Optional<Stale> stale,
    Optional<Instant> rerunAt,
    Optional<String> desk,
    Optional<String> reader) {

  /**
   * The answer of an earlier check served while OQS was unreachable.
   *
   * @param of the earlier, answered check
   * @param result its answer, as it was served
   * @param answeredAt when that answer was received (its age is counted from here)
   */
  public record Stale(UUID of, JsonObject result, Instant answeredAt) {}
}
