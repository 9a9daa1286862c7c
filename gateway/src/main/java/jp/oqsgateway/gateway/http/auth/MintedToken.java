package jp.oqsgateway.gateway.http.auth;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A token the gateway signed, with what it says. {@link #toString()} leaves the token out, so the
 * record can be logged.
 *
 * @param id the {@code jti}: quote it to refer to this token without revealing it
 * @param keyId the {@code kid} of the signing key
 * @param desks the desks an agent token may report for, sorted; empty for other roles
 */
public record MintedToken(
    String token,
    String subject,
    Set<Role> roles,
    String id,
    String keyId,
    Instant issuedAt,
    Instant expiresAt,
    Set<String> desks) {

  public MintedToken {
    desks = Collections.unmodifiableSet(new TreeSet<>(desks));
  }

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
        + ", desks="
        + desks
        + "]";
  }
}
