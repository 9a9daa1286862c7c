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
    Optional<Instant> finishedAt) {}
