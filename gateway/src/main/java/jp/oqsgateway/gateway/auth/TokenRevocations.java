package jp.oqsgateway.gateway.auth;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * Where revoked tokens are looked up ({@code ./ops/oqsgw token revoke}). The gateway's is the
 * {@code token_revocations} table shared by every gateway on one database; the API's token verifier
 * asks on each verified-token cache miss.
 */
public interface TokenRevocations {
  /**
   * True when the token with this {@code jti} was revoked, or its subject was revoked at or after
   * its {@code iat} (a subject revocation covers the tokens issued before it, not later ones).
   */
  Future<Boolean> isRevoked(String tokenId, String subject, Instant issuedAt);

  /** Nothing is revoked: for tests of the signature and claim rules alone. */
  TokenRevocations NONE = (tokenId, subject, issuedAt) -> Future.succeededFuture(false);
}
