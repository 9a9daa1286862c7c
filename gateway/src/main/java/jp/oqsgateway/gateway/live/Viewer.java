package jp.oqsgateway.gateway.live;

import java.time.Instant;
import java.util.Set;

/**
 * Who a live connection belongs to, as its token (or ticket) said. Holds no token.
 *
 * @param roles role claim values, e.g. {@code reception}
 * @param desks the desks a reception token is bound to; empty means every desk
 */
public record Viewer(
    String subject,
    Set<String> roles,
    Set<String> desks,
    String tokenId,
    Instant issuedAt,
    Instant expiresAt) {
  public Viewer {
    roles = Set.copyOf(roles);
    desks = Set.copyOf(desks);
  }
}
