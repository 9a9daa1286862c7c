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
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.http.auth.KeyDirectory.SigningKey;

/**
 * Signs tokens with the gateway's own key ({@code auth.algorithm}, kid = the key's fingerprint):
 * {@code sub}, {@code roles}, {@code iss}, {@code aud}, {@code iat}, {@code exp}, a fresh {@code
 * jti}, for an agent the {@code desks} it may report for, and for a reception token signed in at a
 * desk the desks it may see (none: every desk). Refuses a lifetime above the roles' maximum ({@link
 * TokenLifetimes}). Used by {@code ./ops/oqsgw token} at installation.
 */
public final class TokenIssuer {
  /** Subjects name systems and staff accounts: letters, digits and {@code . _ - @ :}. */
  public static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");

  /**
   * The claim listing the desks an agent token may report for, or the desks a reception token is
   * limited to.
   */
  public static final String DESKS_CLAIM = "desks";

  /** Desk ids, as reader agents report them: letters, digits and {@code . _ -}. */
  public static final String DESK_PATTERN = "[A-Za-z0-9._-]{1,40}";

  /** Most desks one agent token may name. */
  public static final int MAX_DESKS = 16;

  private static final Pattern DESK = Pattern.compile(DESK_PATTERN);

  /** The roles a token with desks may carry: other roles see every desk. */
  private static final Set<Role> DESK_ROLES = EnumSet.of(Role.AGENT, Role.RECEPTION);

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
   * @throws jp.oqsgateway.settings.ConfigException when the key folder cannot be used
   */
  public static TokenIssuer create(Vertx vertx, AuthConfig config) {
    return create(vertx, config, Clock.systemUTC());
  }

  /** An issuer whose {@code iat} comes from {@code clock} (tests: tokens about to expire). */
  public static TokenIssuer create(Vertx vertx, AuthConfig config, Clock clock) {
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

  /** When the key this issuer signs with should be replaced ({@code auth.signing-key-lifetime}). */
  public Instant keyDue() {
    return key.created().plus(config.signingKeyLifetime());
  }

  /** A signed token without desks (not for the agent role). */
  public MintedToken mint(String subject, Set<Role> roles, Duration ttl) {
    return mint(subject, roles, ttl, Set.of());
  }

  /**
   * A signed token.
   *
   * @param desks the desks an agent token may report for (at least one with role agent), or the
   *     desks a reception token is limited to; only for tokens of roles agent and reception
   * @throws IllegalArgumentException when the subject, roles, lifetime or desks break their rule
   */
  public MintedToken mint(String subject, Set<Role> roles, Duration ttl, Set<String> desks) {
    if (subject == null || !SUBJECT.matcher(subject).matches()) {
      throw new IllegalArgumentException(
          "subject must be 1 to 128 letters, digits or . _ - @ : characters");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("at least one role is required");
    }
    Set<Role> ordered = EnumSet.copyOf(roles);
    check(config.lifetimes(), ordered, ttl, desks);
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
    if (!desks.isEmpty()) {
      claims.put(DESKS_CLAIM, new JsonArray(desks.stream().sorted().toList()));
    }
    // Timestamps come from our clock, not vertx-auth-jwt's, so they are testable.
    String token =
        signer.generateToken(
            claims, new JWTOptions().setAlgorithm(key.algorithm()).setNoTimestamp(true));
    return new MintedToken(
        token, subject, ordered, id, key.keyId(), issuedAt, expiresAt, new TreeSet<>(desks));
  }

  /**
   * Checks lifetime and desks before any key is touched.
   *
   * @throws IllegalArgumentException naming the broken rule
   */
  static void check(TokenLifetimes lifetimes, Set<Role> roles, Duration ttl, Set<String> desks) {
    checkLifetime(lifetimes, roles, ttl);
    checkDesks(roles, desks);
  }

  private static void checkLifetime(TokenLifetimes lifetimes, Set<Role> roles, Duration ttl) {
    if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("lifetime must be at least 1m");
    }
    Duration max = lifetimes.forRoles(roles);
    if (ttl.compareTo(max) > 0) {
      Role strictest =
          roles.stream().filter(r -> lifetimes.of(r).equals(max)).findFirst().orElseThrow();
      throw new IllegalArgumentException(
          "lifetime "
              + TokenLifetimes.text(ttl)
              + " is longer than role "
              + strictest.claimValue()
              + " allows: at most "
              + TokenLifetimes.text(max)
              + " (auth.max-lifetime."
              + strictest.claimValue()
              + ")");
    }
  }

  private static void checkDesks(Set<Role> roles, Set<String> desks) {
    if (roles.contains(Role.AGENT) && desks.isEmpty()) {
      throw new IllegalArgumentException(
          "an agent token needs the desks it reports for (--desk uketsuke-1)");
    }
    if (!desks.isEmpty() && !DESK_ROLES.containsAll(roles)) {
      throw new IllegalArgumentException(
          "desks are for agent and reception tokens only (--role agent or reception)");
    }
    if (desks.size() > MAX_DESKS) {
      throw new IllegalArgumentException("at most " + MAX_DESKS + " desks per token");
    }
    for (String desk : desks) {
      if (desk == null || !DESK.matcher(desk).matches()) {
        throw new IllegalArgumentException(
            "a desk must be 1 to 40 letters, digits or . _ - characters");
      }
    }
  }
}
