package jp.oqsgateway.gateway.http.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks bearer tokens: signature by a trusted key, an accepted algorithm, issuer, audience, expiry
 * (with {@code auth.clock-skew}), a subject, an id ({@code jti}), an issue time ({@code iat}), a
 * lifetime within its roles' maximum ({@link TokenLifetimes}), and that it is not revoked ({@link
 * TokenRevocations}). Verified tokens are remembered for {@code auth.token-cache-trust} at most (an
 * ES256 check costs about 1 ms on JDK 17; a cache hit a microsecond), so a token is checked once
 * every few seconds, not once per request: requests that arrive while it is being checked wait for
 * that one check. A revocation takes effect within that time. Thread-safe; build one per gateway.
 */
public final class TokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

  /** Longer bearer values are refused before any parsing. */
  static final int MAX_TOKEN_CHARS = 8 * 1024;

  /** Longest {@code jti} accepted: a UUID needs 36. */
  static final int MAX_ID_CHARS = 128;

  private static final Pattern DESK = Pattern.compile(TokenIssuer.DESK_PATTERN);

  /** The verified-token cache's look-ups, by result. */
  static final String LOOKUPS = "oqsgw.auth.token.cache.lookups";

  private final AuthenticationProvider jwt;
  private final Set<String> algorithms;
  private final VerifiedTokenCache cache;

  /**
   * Checks under way, by token. When a token's trust ends, every request that carries it misses the
   * cache until the first re-check is stored: they wait for that check instead of each checking the
   * signature and the revocation table again.
   */
  private final Map<String, Future<Caller>> checking = new ConcurrentHashMap<>();

  private final Duration clockSkew;
  private final TokenLifetimes lifetimes;
  private final TokenRevocations revocations;
  private final Clock clock;

  /** Retired keys by id: after its instant a key's tokens are refused, restart or not. */
  private final Map<String, Instant> retiredUntil;

  private TokenVerifier(
      AuthenticationProvider jwt,
      KeyRing keys,
      AuthConfig config,
      TokenRevocations revocations,
      Clock clock,
      Ticker ticker) {
    this.jwt = jwt;
    this.algorithms = Set.copyOf(keys.algorithms());
    this.retiredUntil = keys.retiredUntil();
    this.cache =
        new VerifiedTokenCache(config.tokenCacheSize(), config.tokenCacheTrust(), clock, ticker);
    this.clockSkew = config.clockSkew();
    this.lifetimes = config.lifetimes();
    this.revocations = revocations;
    this.clock = clock;
  }

  /**
   * A verifier with the configured keys, creating the gateway's own key pair when missing. Blocking
   * (reads key files): call it at start, off the event loop.
   *
   * @throws jp.oqsgateway.settings.ConfigException naming the key whose file cannot be used
   */
  public static TokenVerifier create(Vertx vertx, AuthConfig config, TokenRevocations revocations) {
    Clock clock = Clock.systemUTC();
    KeyRing keys = KeyRing.load(config, clock);
    JWTAuth jwt = JWTAuth.create(vertx, keys.verificationOptions(config));
    return new TokenVerifier(jwt, keys, config, revocations, clock, Ticker.systemTicker());
  }

  /** For tests: nothing revoked. */
  static TokenVerifier create(Vertx vertx, AuthConfig config) {
    return create(vertx, config, TokenRevocations.NONE);
  }

  /** For tests: a clock for the cache and a wrapper around the signature-checking provider. */
  static TokenVerifier create(
      Vertx vertx, AuthConfig config, Clock clock, UnaryOperator<AuthenticationProvider> decorate) {
    return create(vertx, config, TokenRevocations.NONE, clock, decorate);
  }

  static TokenVerifier create(
      Vertx vertx,
      AuthConfig config,
      TokenRevocations revocations,
      Clock clock,
      UnaryOperator<AuthenticationProvider> decorate) {
    KeyRing keys = KeyRing.load(config, clock);
    JWTAuth jwt = JWTAuth.create(vertx, keys.verificationOptions(config));
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    return new TokenVerifier(decorate.apply(jwt), keys, config, revocations, clock, ticker);
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
    Promise<Caller> mine = Promise.promise();
    Future<Caller> running = checking.putIfAbsent(token, mine.future());
    if (running != null) {
      return onCallersContext(running);
    }
    Future<Caller> answer = onCallersContext(mine.future());
    check(token)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                cache.put(token, done.result());
              }
              checking.remove(token, mine.future());
              mine.handle(done);
            });
    return answer;
  }

  /** The signature, the claims and the revocation table: what a cache miss costs. */
  private Future<Caller> check(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new AuthenticationFailure(rule(e))))
        .map(TokenVerifier::caller)
        .map(this::notExpired)
        .map(this::withinLifetime)
        .compose(this::notRevoked);
  }

  /**
   * A check's result, answered on the calling request's own context: a check completes on the
   * thread that completed its last step (for a request that waited, another request's event loop),
   * and a request's handlers must run on its own.
   */
  private static Future<Caller> onCallersContext(Future<Caller> running) {
    Context here = Vertx.currentContext();
    if (here == null) {
      return running;
    }
    Promise<Caller> answer = Promise.promise();
    running.onComplete(
        done -> {
          if (Vertx.currentContext() == here) {
            answer.handle(done);
          } else {
            here.runOnContext(v -> answer.handle(done));
          }
        });
    return answer.future();
  }

  long cachedTokens() {
    return cache.size();
  }

  /**
   * Counts the verified-token cache's look-ups by result ({@code hit}: no signature checked) and
   * its entries, as {@code oqsgw_auth_token_cache_lookups_total} and {@code
   * oqsgw_auth_token_cache_entries}.
   */
  void bindMetrics(MeterRegistry registry) {
    bindMetrics(
        registry,
        cache,
        VerifiedTokenCache::hits,
        VerifiedTokenCache::misses,
        VerifiedTokenCache::size);
  }

  /**
   * The cache's meters over the counts of {@code source} (zeros when authentication is off: the
   * series exist). Micrometer holds a function counter's object weakly, so {@code source} must be
   * kept for as long as the gateway runs (the cache, which this verifier keeps; a constant): a
   * collected one would freeze the counts.
   */
  static <T> void bindMetrics(
      MeterRegistry registry,
      T source,
      ToLongFunction<T> hits,
      ToLongFunction<T> misses,
      ToLongFunction<T> entries) {
    String lookups =
        "Verified-token cache look-ups: hit (trusted from memory) or miss (signature and revocation"
            + " checked)";
    FunctionCounter.builder(LOOKUPS, source, hits::applyAsLong)
        .description(lookups)
        .tag("result", "hit")
        .register(registry);
    FunctionCounter.builder(LOOKUPS, source, misses::applyAsLong)
        .description(lookups)
        .tag("result", "miss")
        .register(registry);
    Gauge.builder("oqsgw.auth.token.cache.entries", source, entries::applyAsLong)
        .description("Verified tokens remembered now (at most auth.token-cache-size)")
        .strongReference(true)
        .register(registry);
  }

  /** By our clock too, so that the cache and the signature check agree. */
  private Caller notExpired(Caller caller) {
    if (expired(caller)) {
      throw new AuthenticationFailure(AuthenticationFailure.EXPIRED);
    }
    return caller;
  }

  private Caller withinLifetime(Caller caller) {
    Duration lifetime = Duration.between(caller.issuedAt(), caller.expiresAt());
    if (lifetime.isNegative() || lifetime.compareTo(lifetimes.forRoles(caller.roles())) > 0) {
      throw new AuthenticationFailure(AuthenticationFailure.LIFETIME);
    }
    return caller;
  }

  /** Fails closed: a revocation table that cannot be read refuses the token. */
  private Future<Caller> notRevoked(Caller caller) {
    return revocations
        .isRevoked(caller.tokenId(), caller.subject(), caller.issuedAt())
        .recover(
            e -> {
              LOG.atWarn()
                  .addKeyValue("reason", e.getClass().getSimpleName())
                  .log("cannot read the token revocations; refusing the token");
              return Future.failedFuture(
                  new AuthenticationFailure(AuthenticationFailure.REVOCATION_UNAVAILABLE));
            })
        .compose(
            revoked ->
                revoked
                    ? Future.failedFuture(new AuthenticationFailure(AuthenticationFailure.REVOKED))
                    : Future.succeededFuture(caller));
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
    String keyId;
    try {
      JsonObject header =
          new JsonObject(
              new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      alg = header.getString("alg");
      keyId = header.getValue("kid") instanceof String kid ? kid : null;
    } catch (RuntimeException e) {
      return AuthenticationFailure.MALFORMED;
    }
    if (alg == null || !algorithms.contains(alg)) {
      return AuthenticationFailure.ALGORITHM;
    }
    Instant trustedUntil = keyId == null ? null : retiredUntil.get(keyId);
    if (trustedUntil != null && clock.instant().isAfter(trustedUntil)) {
      return AuthenticationFailure.UNKNOWN_KEY;
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
    Object iat =
        attributes.containsKey("iat") ? attributes.getValue("iat") : claims.getValue("iat");
    if (!(iat instanceof Number iatSeconds)) {
      throw new AuthenticationFailure(AuthenticationFailure.NO_ISSUED_AT);
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
    if (tokenId.isBlank() || tokenId.length() > MAX_ID_CHARS) {
      throw new AuthenticationFailure(AuthenticationFailure.NO_ID);
    }
    return new Caller(
        subject,
        roles,
        tokenId,
        Instant.ofEpochSecond(iatSeconds.longValue()),
        Instant.ofEpochSecond(expSeconds.longValue()),
        desks(claims.getValue(TokenIssuer.DESKS_CLAIM)));
  }

  /** The {@code desks} claim: absent (no desk), or a list of desk ids. */
  private static Set<String> desks(Object claim) {
    if (claim == null) {
      return Set.of();
    }
    if (!(claim instanceof JsonArray list) || list.size() > TokenIssuer.MAX_DESKS) {
      throw new AuthenticationFailure(AuthenticationFailure.DESKS);
    }
    Set<String> desks = new LinkedHashSet<>();
    for (Object desk : list) {
      if (!(desk instanceof String s) || !DESK.matcher(s).matches()) {
        throw new AuthenticationFailure(AuthenticationFailure.DESKS);
      }
      desks.add(s);
    }
    return desks;
  }
}
