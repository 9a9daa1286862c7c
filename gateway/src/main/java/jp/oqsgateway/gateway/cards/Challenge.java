package jp.oqsgateway.gateway.cards;

import java.time.Instant;
import java.util.UUID;

/**
 * A challenge for one proof of possession of a card: the nonce its key must sign, issued for a
 * {@code reader.card.inserted} event whose certificate verified.
 *
 * @param certificate the card's DER certificate, kept with the challenge only
 */
public record Challenge(
    UUID id,
    UUID cardEventId,
    String agentId,
    String deskId,
    String readerId,
    String fingerprint,
    byte[] certificate,
    byte[] nonce,
    Instant expiresAt) {}
