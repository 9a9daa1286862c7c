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
    Duration tokenCacheTrust) {
  public AuthConfig {
    trustedPublicKeys = List.copyOf(trustedPublicKeys);
  }
}
