package jp.oqsgateway.gateway.cards;

import java.time.Instant;
import java.util.UUID;

/**
 * A card presented at a desk that the gateway could not map to a patient with a qualification: ids,
 * desk and reader only (never the certificate).
 *
 * @param reason {@code UNKNOWN_CARD} (no patient linked) or {@code NO_QUALIFICATION_LINK} (linked
 *     patient without an active qualification link)
 */
public record CardLinkTask(
    UUID id,
    String reason,
    String deskId,
    String readerId,
    Instant createdAt,
    Instant presentedAt) {}
