package jp.oqsgateway.agent.reader;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The gateway's challenge from the reply to {@code reader.card.inserted}: the card proves
 * possession by signing {@code nonce} after the PIN is verified.
 */
public record Challenge(String challengeId, byte[] nonce, Instant expiresAt) {
  public Challenge {
    Objects.requireNonNull(challengeId);
    Objects.requireNonNull(expiresAt);
    nonce = nonce.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  /** {@code {"challengeId":…,"nonce":base64,"expiresAt":RFC 3339}}, as the reply carries it. */
  public static Challenge fromJson(JsonObject o) {
    return new Challenge(
        o.getString("challengeId"),
        Base64.getDecoder().decode(o.getString("nonce")),
        Instant.parse(o.getString("expiresAt")));
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
