package jp.oqsgateway.gateway.http.auth;

import static jp.oqsgateway.gateway.http.auth.AuthFixtures.config;
import static jp.oqsgateway.gateway.http.auth.AuthFixtures.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.gateway.http.auth.TokenVerifierTest.MutableClock;
import jp.oqsgateway.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Lifetimes per role, the claims every token needs, desks, and revocation through the cache. */
@ExtendWith(VertxExtension.class)
class TokenLifetimeAndRevocationTest {
  @TempDir Path dir;

  private static String refusal(TokenVerifier verifier, String token) {
    Future<Caller> result = verifier.verify(token);
    assertThatThrownBy(result::await).isInstanceOf(AuthenticationFailure.class);
    return result.cause().getMessage();
  }

  private static JsonObject living(Duration lifetime, String... roles) {
    Instant now = Instant.now();
    return validClaims()
        .put("roles", new JsonArray(java.util.List.of((Object[]) roles)))
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(lifetime).getEpochSecond());
  }

  @Test
  void aBlankTokenIdIsRefusedAsNoId(Vertx vertx) {
    AuthConfig c = config(dir);
    TokenVerifier verifier = TokenVerifier.create(vertx, c);

    assertThat(refusal(verifier, AuthFixtures.signedWithOwnKey(c, validClaims().put("jti", " "))))
        .isEqualTo("token has no id (jti)");
  }

  @Test
  void aTokenLivingLongerThanItsRolesAllowIsRefusedThoughSignedWithTheGatewaysKey(Vertx vertx) {
    AuthConfig c = config(dir);
    TokenVerifier verifier = TokenVerifier.create(vertx, c);
    String rule = "token lifetime (exp - iat) exceeds the maximum of its roles";

    assertThat(
            verifier
                .verify(AuthFixtures.signedWithOwnKey(c, living(Duration.ofDays(2), "chart")))
                .await()
                .subject())
        .isEqualTo("karte-01");
    assertThat(
            refusal(
                verifier, AuthFixtures.signedWithOwnKey(c, living(Duration.ofDays(2), "admin"))))
        .isEqualTo(rule);
    assertThat(
            refusal(
                verifier,
                AuthFixtures.signedWithOwnKey(c, living(Duration.ofDays(2), "chart", "admin"))))
        .as("the strictest role counts")
        .isEqualTo(rule);
    assertThat(
            refusal(verifier, AuthFixtures.signedWithOwnKey(c, living(Duration.ofDays(31), "ops"))))
        .isEqualTo(rule);
    assertThat(
            refusal(
                verifier,
                AuthFixtures.signedWithOwnKey(c, living(Duration.ofDays(366), "reception"))))
        .isEqualTo(rule);

    Map<Role, Duration> shorter = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      shorter.put(r, TokenLifetimes.byDefault(r));
    }
    shorter.put(Role.CHART, Duration.ofHours(1));
    AuthConfig configured = AuthFixtures.withLifetimes(c, new TokenLifetimes(shorter));
    assertThat(
            refusal(
                TokenVerifier.create(vertx, configured),
                AuthFixtures.signedWithOwnKey(c, living(Duration.ofHours(2), "chart"))))
        .isEqualTo(rule);
    assertThatThrownBy(
            () ->
                TokenIssuer.create(vertx, configured)
                    .mint("karte-01", Set.of(Role.CHART), Duration.ofHours(2)))
        .hasMessage(
            "lifetime 2h is longer than role chart allows: at most 1h (auth.max-lifetime.chart)");
  }

  @Test
  void theMaximumLifetimesAndTheCacheTrustCannotBeConfiguredAboveTheirCeilings() {
    Map<String, String> none = Map.of();
    assertThatThrownBy(() -> auth(Map.of("auth.max-lifetime.admin", "8d")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("auth.max-lifetime.admin: must be between 1m and 7d, got 8d (from override)");
    assertThatThrownBy(() -> auth(Map.of("auth.max-lifetime.agent", "731d")))
        .hasMessage(
            "auth.max-lifetime.agent: must be between 1m and 730d, got 731d (from override)");
    assertThatThrownBy(() -> auth(Map.of("auth.token-cache-trust", "31s")))
        .hasMessage("auth.token-cache-trust: must be between 0s and 30s, got 31s (from override)");
    AuthConfig defaults = auth(none);
    assertThat(defaults.lifetimes().of(Role.ADMIN)).isEqualTo(Duration.ofDays(1));
    assertThat(defaults.lifetimes().of(Role.OPS)).isEqualTo(Duration.ofDays(30));
    assertThat(defaults.lifetimes().of(Role.CHART)).isEqualTo(Duration.ofDays(365));
    assertThat(defaults.lifetimes().of(Role.AGENT)).isEqualTo(Duration.ofDays(365));
    assertThat(defaults.tokenCacheTrust()).isEqualTo(Duration.ofSeconds(5));
    assertThat(auth(Map.of("auth.max-lifetime.ops", "7d")).lifetimes().of(Role.OPS))
        .isEqualTo(Duration.ofDays(7));
  }

  private AuthConfig auth(Map<String, String> overrides) {
    return GatewayConfig.from(Settings.load(null, Map.of(), overrides), dir, Map.of()).auth();
  }

  @Test
  void anAgentTokenCarriesItsDesksAndAMalformedDesksClaimIsRefused(Vertx vertx) {
    AuthConfig c = config(dir);
    TokenVerifier verifier = TokenVerifier.create(vertx, c);
    String agent =
        TokenIssuer.create(vertx, c)
            .mint(
                "pc-uketsuke-1",
                Set.of(Role.AGENT),
                Duration.ofDays(365),
                Set.of("uketsuke-1", "uketsuke-2"))
            .token();

    assertThat(verifier.verify(agent).await().desks())
        .containsExactlyInAnyOrder("uketsuke-1", "uketsuke-2");
    assertThat(
            refusal(
                verifier,
                AuthFixtures.signedWithOwnKey(c, validClaims().put("desks", "uketsuke-1"))))
        .isEqualTo("token desks claim is not a list of desk ids");
    assertThat(
            refusal(
                verifier,
                AuthFixtures.signedWithOwnKey(
                    c, validClaims().put("desks", new JsonArray().add("a,b")))))
        .isEqualTo("token desks claim is not a list of desk ids");
  }

  /** Revocations held in memory, counting lookups: the cache's timing without a database. */
  private static final class Revoked implements TokenRevocations {
    final Set<String> ids = ConcurrentHashMap.newKeySet();
    final AtomicInteger lookups = new AtomicInteger();
    volatile boolean broken;

    @Override
    public Future<Boolean> isRevoked(String tokenId, String subject, Instant issuedAt) {
      lookups.incrementAndGet();
      return broken
          ? Future.failedFuture(new IllegalStateException("database down"))
          : Future.succeededFuture(ids.contains(tokenId));
    }
  }

  @Test
  void aRevokedTokenIsTrustedFromTheCacheForAtMostTheCacheTrustThenRefused(Vertx vertx) {
    AuthConfig c = AuthFixtures.withCacheTrust(config(dir), Duration.ofSeconds(5));
    MutableClock clock = new MutableClock(Instant.now());
    Revoked revoked = new Revoked();
    TokenVerifier verifier =
        TokenVerifier.create(vertx, c, revoked, clock, UnaryOperator.identity());
    MintedToken minted =
        TokenIssuer.create(vertx, c, clock)
            .mint("karte-01", Set.of(Role.CHART), Duration.ofDays(30));

    verifier.verify(minted.token()).await();
    revoked.ids.add(minted.id());
    clock.advance(Duration.ofMillis(4_900));
    assertThat(verifier.verify(minted.token()).await().subject())
        .as("within the trust, from the cache")
        .isEqualTo("karte-01");
    assertThat(revoked.lookups).hasValue(1);

    clock.advance(Duration.ofMillis(200));

    assertThat(refusal(verifier, minted.token())).isEqualTo("token revoked");
    assertThat(revoked.lookups).hasValue(2);
  }

  @Test
  void aTokenIsRefusedWhenTheRevocationsCannotBeRead(Vertx vertx) {
    AuthConfig c = config(dir);
    Revoked revoked = new Revoked();
    revoked.broken = true;
    TokenVerifier verifier =
        TokenVerifier.create(vertx, c, revoked, Clock.systemUTC(), UnaryOperator.identity());
    String token =
        TokenIssuer.create(vertx, c)
            .mint("karte-01", Set.of(Role.CHART), Duration.ofDays(1))
            .token();

    assertThat(refusal(verifier, token))
        .isEqualTo("token revocation could not be checked; try again");
    revoked.broken = false;
    assertThat(verifier.verify(token).await().subject()).isEqualTo("karte-01");
  }

  @Test
  void aCacheTrustAboveItsCeilingIsRefusedInCodeToo() {
    assertThatThrownBy(
            () ->
                new VerifiedTokenCache(
                    10,
                    Duration.ofSeconds(31),
                    Clock.systemUTC(),
                    com.github.benmanes.caffeine.cache.Ticker.systemTicker()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
