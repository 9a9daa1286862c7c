package jp.oqsgateway.gateway.http.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig.AuthConfig;
import jp.oqsgateway.gateway.http.auth.KeyDirectory.SigningKey;

/**
 * Signs tokens with the gateway's own key ({@code auth.algorithm}, kid = the key's fingerprint):
 * {@code sub}, {@code roles}, {@code iss}, {@code aud}, {@code iat}, {@code exp}, {@code jti}. Used
 * by {@code ./ops/oqsgw token} at installation.
 */
public final class TokenIssuer {
  /** Subjects name systems and staff accounts: letters, digits and {@code . _ - @ :}. */
  public static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");

  /** Longest lifetime a token may be given. */
  public static final Duration MAX_TTL = Duration.ofDays(3650);

  private final JWTAuth signer;
  private final SigningKey key;
  private final AuthConfig config;
  private final Clock clock;

  private TokenIssuer(JWTAuth signer, SigningKey key, AuthConfig config, Clock clock) {
    this.signer = signer;
    this.key = key;
    this.config = config;
    this.clock = clock;
  }

  /**
   * An issuer with the gateway's signing key, created first if missing. Blocking (key files).
   *
   * @throws jp.oqsgateway.gateway.bootstrap.config.ConfigException when the key folder cannot be
   *     used
   */
  public static TokenIssuer create(Vertx vertx, AuthConfig config) {
    return create(vertx, config, Clock.systemUTC());
  }

  static TokenIssuer create(Vertx vertx, AuthConfig config, Clock clock) {
    SigningKey key = new KeyDirectory(config.keysDir()).loadOrCreate(config.algorithm());
    JWTAuth signer =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(key.algorithm())
                        .setId(key.keyId())
                        .setBuffer(key.privatePem())));
    return new TokenIssuer(signer, key, config, clock);
  }

  /**
   * A signed token.
   *
   * @throws IllegalArgumentException when the subject, roles or lifetime break their rule
   */
  public MintedToken mint(String subject, Set<Role> roles, Duration ttl) {
    if (subject == null || !SUBJECT.matcher(subject).matches()) {
      throw new IllegalArgumentException(
          "subject must be 1 to 128 letters, digits or . _ - @ : characters");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("at least one role is required");
    }
    if (ttl.compareTo(Duration.ofMinutes(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "lifetime must be between 1m and " + MAX_TTL.toDays() + "d");
    }
    Set<Role> ordered = EnumSet.copyOf(roles);
    Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = issuedAt.plus(ttl);
    String id = UUID.randomUUID().toString();
    JsonArray roleNames = new JsonArray();
    ordered.forEach(r -> roleNames.add(r.claimValue()));
    JsonObject claims =
        new JsonObject()
            .put("iss", config.issuer())
            .put("aud", config.audience())
            .put("sub", subject)
            .put(Role.CLAIM, roleNames)
            .put("iat", issuedAt.getEpochSecond())
            .put("exp", expiresAt.getEpochSecond())
            .put("jti", id);
    // Timestamps come from our clock, not vertx-auth-jwt's, so they are testable.
    String token =
        signer.generateToken(
            claims, new JWTOptions().setAlgorithm(key.algorithm()).setNoTimestamp(true));
    return new MintedToken(token, subject, ordered, id, key.keyId(), issuedAt, expiresAt);
  }
}
