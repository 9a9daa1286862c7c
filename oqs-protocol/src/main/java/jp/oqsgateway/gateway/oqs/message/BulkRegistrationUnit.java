package jp.oqsgateway.gateway.oqs.message;

import java.util.Optional;

/** One registration of a bulk 照会番号 result: the echo and its outcome (OQS-PROTOCOL.md §2.8). */
public record BulkRegistrationUnit(
    Optional<ReferenceNumberRegistration> registration, ProcessingResult processing) {}
