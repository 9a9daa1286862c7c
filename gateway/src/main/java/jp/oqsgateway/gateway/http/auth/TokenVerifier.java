package jp.oqsgateway.gateway.http.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig.AuthConfig;

/**
 * Checks bearer tokens: signature by a trusted key, an accepted algorithm, issuer, audience, expiry
 * (with {@code auth.clock-skew}) and a subject. Verified tokens are remembered until their {@code
 * exp} (an ES256 check costs about 1 ms on JDK 17; a cache hit a microsecond), so each token is
 * checked once, not once per request. Thread-safe; build one per gateway.
 */
public final class TokenVerifier {
  /** Longer bearer values are refused before any parsing. */
  static final int MAX_TOKEN_CHARS = 8 * 1024;

  private final AuthenticationProvider jwt;
  private final Set<String> algorithms;
  private final VerifiedTokenCache cache;
  private final Duration clockSkew;
  private final Clock clock;

  TokenVerifier(
      AuthenticationProvider jwt,
      Set<String> algorithms,
      int cacheSize,
      Duration clockSkew,
      Clock clock) {
    this.jwt = jwt;
    this.algorithms = Set.copyOf(algorithms);
    this.cache = new VerifiedTokenCache(cacheSize);
    this.clockSkew = clockSkew;
    this.clock = clock;
  }

  /**
   * A verifier with the configured keys, creating the gateway's own key pair when missing. Blocking
   * (reads key files): call it at start, off the event loop.
   *
   * @throws jp.oqsgateway.gateway.bootstrap.config.ConfigException naming the key whose file cannot
   *     be used
   */
  public static TokenVerifier create(Vertx vertx, AuthConfig config) {
    return create(vertx, config, Clock.systemUTC(), UnaryOperator.identity());
  }

  /** For tests: a clock for the cache and a wrapper around the signature-checking provider. */
  static TokenVerifier create(
      Vertx vertx, AuthConfig config, Clock clock, UnaryOperator<AuthenticationProvider> decorate) {
    KeyRing keys = KeyRing.load(config);
    JWTAuth jwt = JWTAuth.create(vertx, keys.verificationOptions(config));
    return new TokenVerifier(
        decorate.apply(jwt), keys.algorithms(), config.tokenCacheSize(), config.clockSkew(), clock);
  }

  /** The algorithms tokens may be signed with (for the start-up log line). */
  public Set<String> algorithms() {
    return algorithms;
  }

  /**
   * The caller the token stands for, or a failed future with an {@link AuthenticationFailure}
   * naming the broken rule.
   */
  public Future<Caller> verify(String token) {
    Caller cached = cache.get(token);
    if (cached != null) {
      if (expired(cached)) {
        cache.remove(token);
        return Future.failedFuture(new AuthenticationFailure(AuthenticationFailure.EXPIRED));
      }
      return Future.succeededFuture(cached);
    }
    String problem = precheck(token);
    if (problem != null) {
      return Future.failedFuture(new AuthenticationFailure(problem));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new AuthenticationFailure(rule(e))))
        .map(TokenVerifier::caller)
        .andThen(
            done -> {
              if (done.succeeded() && !expired(done.result())) {
                cache.put(token, done.result());
              }
            });
  }

  int cachedTokens() {
    return cache.size();
  }

  private boolean expired(Caller caller) {
    return clock.instant().isAfter(caller.expiresAt().plus(clockSkew));
  }

  /** Refuses what needs no key: oversized, not three parts, unreadable header, unaccepted alg. */
  private String precheck(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return AuthenticationFailure.MALFORMED;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return AuthenticationFailure.MALFORMED;
    }
    String alg;
    try {
      JsonObject header =
          new JsonObject(
              new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      alg = header.getString("alg");
    } catch (RuntimeException e) {
      return AuthenticationFailure.MALFORMED;
    }
    if (alg == null || !algorithms.contains(alg)) {
      return AuthenticationFailure.ALGORITHM;
    }
    if (parts[2].isEmpty()) {
      return AuthenticationFailure.SIGNATURE;
    }
    return null;
  }

  /** Maps vertx-auth-jwt's failures to our rules; its messages never reach the caller. */
  private static String rule(Throwable e) {
    if (e instanceof AuthenticationFailure known) {
      return known.getMessage();
    }
    if (e instanceof NoSuchKeyIdException) {
      return AuthenticationFailure.UNKNOWN_KEY;
    }
    if (e instanceof SignatureException) {
      return AuthenticationFailure.SIGNATURE;
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("issuer")) {
      return AuthenticationFailure.ISSUER;
    }
    if (message.contains("audience")) {
      return AuthenticationFailure.AUDIENCE;
    }
    if (message.contains("expired")) {
      return AuthenticationFailure.EXPIRED;
    }
    return AuthenticationFailure.MALFORMED;
  }

  /**
   * The caller from vertx-auth-jwt's user. In 5.0.10 the decoded claims are the attribute {@code
   * accessToken} and {@code exp} is an attribute, not part of {@code principal()} (which also holds
   * the raw token and so is never logged).
   */
  private static Caller caller(User user) {
    JsonObject attributes = user.attributes();
    JsonObject claims = attributes.getJsonObject("accessToken", new JsonObject());
    Object exp =
        attributes.containsKey("exp") ? attributes.getValue("exp") : claims.getValue("exp");
    if (!(exp instanceof Number expSeconds)) {
      throw new AuthenticationFailure(AuthenticationFailure.NO_EXPIRY);
    }
    String subject = claims.getValue("sub") instanceof String s ? s : null;
    if (subject == null || subject.isBlank()) {
      throw new AuthenticationFailure(AuthenticationFailure.NO_SUBJECT);
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    if (claims.getValue(Role.CLAIM) instanceof JsonArray names) {
      for (Object name : names) {
        if (name instanceof String s) {
          Role.fromClaim(s).ifPresent(roles::add);
        }
      }
    }
    String tokenId = claims.getValue("jti") instanceof String s ? s : "";
    return new Caller(subject, roles, tokenId, Instant.ofEpochSecond(expSeconds.longValue()));
  }
}
