package jp.oqsgateway.gateway.cards;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A card (by certificate fingerprint) linked to a chart patient, as a receptionist confirmed it.
 */
public record CardLink(
    UUID id,
    String chartPatientId,
    String linkedBy,
    Instant linkedAt,
    Optional<UUID> taskId,
    Optional<Instant> supersededAt) {}
