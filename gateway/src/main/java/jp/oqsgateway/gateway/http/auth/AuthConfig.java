package jp.oqsgateway.gateway.http.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * API authentication (docs/AUTH.md). Paths are absolute.
 *
 * @param algorithm ES256 or RS256: how the gateway signs the tokens it mints
 * @param trustedPublicKeys extra PEM public keys whose tokens are accepted
 * @param hs256SecretFile the shared HS256 secret, only when explicitly configured
 * @param tokenCacheSize verified tokens remembered until their exp; 0 = no cache
 * @param clockSkew tolerance when checking exp and iat
 * @param lifetimes the longest lifetime of a token, per role
 * @param tokenCacheTrust how long a verified token is trusted before the revocation table is looked
 *     at again
 * @param signingKeyLifetime how long after its creation the gateway's signing key should be
 *     replaced ({@code oqsgw keys rotate})
 */
public record AuthConfig(
    boolean enabled,
    Path keysDir,
    String algorithm,
    String issuer,
    String audience,
    List<Path> trustedPublicKeys,
    Optional<Path> hs256SecretFile,
    int tokenCacheSize,
    Duration clockSkew,
    TokenLifetimes lifetimes,
    Duration tokenCacheTrust,
    Duration signingKeyLifetime) {
  public AuthConfig {
    trustedPublicKeys = List.copyOf(trustedPublicKeys);
  }

  /**
   * How long a public key stays trusted after {@code oqsgw keys rotate} retired it: until every
   * token it can have signed has expired (the longest lifetime of any role, plus the clock skew).
   */
  public Duration retiredKeyTrust() {
    return lifetimes.longest().plus(clockSkew);
  }
}
