package jp.oqsgateway.gateway.http.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A token the gateway signed, with what it says. {@link #toString()} leaves the token out, so the
 * record can be logged.
 *
 * @param id the {@code jti}: quote it to refer to this token without revealing it
 * @param keyId the {@code kid} of the signing key
 */
public record MintedToken(
    String token,
    String subject,
    Set<Role> roles,
    String id,
    String keyId,
    Instant issuedAt,
    Instant expiresAt) {

  @Override
  public String toString() {
    return "MintedToken[subject="
        + subject
        + ", roles="
        + roles
        + ", id="
        + id
        + ", kid="
        + keyId
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
