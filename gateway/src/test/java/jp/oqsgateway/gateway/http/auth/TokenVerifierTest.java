package jp.oqsgateway.gateway.http.auth;

import static jp.oqsgateway.gateway.http.auth.AuthFixtures.config;
import static jp.oqsgateway.gateway.http.auth.AuthFixtures.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.testsupport.GarbageCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(VertxExtension.class)
class TokenVerifierTest {
  @TempDir Path dir;

  private static Caller verified(TokenVerifier verifier, String token) {
    return verifier.verify(token).await();
  }

  private static String refusal(TokenVerifier verifier, String token) {
    Future<Caller> result = verifier.verify(token);
    assertThatThrownBy(result::await).isInstanceOf(AuthenticationFailure.class);
    return result.cause().getMessage();
  }

  /** The gateway's own signing key, read through the issuer's key folder. */
  /** A one-hour chart token for {@code karte-01}, minted with {@code c}'s own key. */
  private static String chartToken(Vertx vertx, AuthConfig c) {
    return TokenIssuer.create(vertx, c)
        .mint("karte-01", Set.of(Role.CHART), Duration.ofHours(1))
        .token();
  }

  private KeyDirectory.SigningKey ownKey(AuthConfig c) {
    return new KeyDirectory(c.keysDir()).loadOrCreate(c.algorithm());
  }

  @Test
  void aMintedTokenIsAcceptedWithItsSubjectRolesIdAndExpiry(Vertx vertx) {
    AuthConfig c = config(dir);
    MintedToken minted =
        TokenIssuer.create(vertx, c)
            .mint("karte-01", Set.of(Role.CHART, Role.RECEPTION), Duration.ofDays(30));

    Caller caller = verified(TokenVerifier.create(vertx, c), minted.token());

    assertThat(caller.subject()).isEqualTo("karte-01");
    assertThat(caller.roles()).containsExactly(Role.CHART, Role.RECEPTION);
    assertThat(caller.tokenId()).isEqualTo(minted.id());
    assertThat(caller.expiresAt()).isEqualTo(minted.expiresAt());
    JsonObject claims = AuthFixtures.claimsOf(minted.token());
    assertThat(claims.getString("iss")).isEqualTo("oqs-gateway");
    assertThat(claims.getString("aud")).isEqualTo("oqs-gateway-api");
    assertThat(claims.getJsonArray("roles").getList()).containsExactly("chart", "reception");
    assertThat(claims.getLong("exp") - claims.getLong("iat"))
        .isEqualTo(Duration.ofDays(30).toSeconds());
    assertThat(AuthFixtures.headerOf(minted.token()).getString("alg")).isEqualTo("ES256");
    assertThat(AuthFixtures.headerOf(minted.token()).getString("kid")).isEqualTo(minted.keyId());
  }

  @Test
  void aTokenPastItsExpiryAndTheClockSkewIsRefusedAsExpired(Vertx vertx) {
    AuthConfig c = config(dir);
    Clock twoHoursAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
    String token =
        TokenIssuer.create(vertx, c, twoHoursAgo)
            .mint("karte-01", Set.of(Role.CHART), Duration.ofHours(1))
            .token();

    assertThat(refusal(TokenVerifier.create(vertx, c), token)).isEqualTo("token expired");
  }

  @Test
  void aTokenExpiredWithinTheClockSkewIsStillAccepted(Vertx vertx) {
    AuthConfig c = config(dir);
    JsonObject claims =
        validClaims()
            .put("iat", Instant.now().minusSeconds(3600).getEpochSecond())
            .put("exp", Instant.now().minusSeconds(5).getEpochSecond());
    String token = AuthFixtures.signedWithOwnKey(c, claims);

    assertThat(verified(TokenVerifier.create(vertx, c), token).subject()).isEqualTo("karte-01");
  }

  @Test
  void aTokenIssuedBeyondTheClockSkewInTheFutureIsRefused(Vertx vertx) {
    AuthConfig c = config(dir);
    JsonObject claims = validClaims().put("iat", Instant.now().plusSeconds(600).getEpochSecond());
    String token = AuthFixtures.signedWithOwnKey(c, claims);

    assertThat(refusal(TokenVerifier.create(vertx, c), token)).isEqualTo("token expired");
  }

  @Test
  void aTamperedSignatureIsRefused(Vertx vertx) {
    AuthConfig c = config(dir);
    String token = chartToken(vertx, c);
    int last = token.length() - 5;
    char flipped = token.charAt(last) == 'A' ? 'B' : 'A';
    String tampered = token.substring(0, last) + flipped + token.substring(last + 1);

    assertThat(refusal(TokenVerifier.create(vertx, c), tampered))
        .isEqualTo("token signature not valid");
  }

  @Test
  void claimsChangedAfterSigningAreRefused(Vertx vertx) {
    AuthConfig c = config(dir);
    String token = chartToken(vertx, c);
    String[] parts = token.split("\\.");
    JsonObject escalated = AuthFixtures.claimsOf(token).put("roles", new JsonArray().add("admin"));
    String forged =
        parts[0] + "." + AuthFixtures.b64(escalated.encode().getBytes()) + "." + parts[2];

    assertThat(refusal(TokenVerifier.create(vertx, c), forged))
        .isEqualTo("token signature not valid");
  }

  @Test
  void aTokenSignedByAnUntrustedKeyIsRefusedWhateverKeyIdItClaims(Vertx vertx) {
    AuthConfig c = config(dir);
    TokenVerifier verifier = TokenVerifier.create(vertx, c);
    KeyPair stranger = AuthFixtures.newKeyPair("ES256");
    String ownKid = ownKey(c).keyId();

    assertThat(
            refusal(
                verifier, AuthFixtures.sign("ES256", null, validClaims(), stranger.getPrivate())))
        .isEqualTo("token signature not valid");
    assertThat(
            refusal(
                verifier, AuthFixtures.sign("ES256", ownKid, validClaims(), stranger.getPrivate())))
        .isEqualTo("token signature not valid");
    assertThat(
            refusal(
                verifier,
                AuthFixtures.sign(
                    "ES256",
                    Pem.keyId(stranger.getPublic()),
                    validClaims(),
                    stranger.getPrivate())))
        .isEqualTo("token signed by a key the gateway does not trust");
  }

  @Test
  void aTokenSignedByAConfiguredTrustedPublicKeyIsAccepted(Vertx vertx) throws Exception {
    KeyPair partner = AuthFixtures.newKeyPair("RS256");
    Path pem = dir.resolve("partner.pem");
    Files.writeString(pem, AuthFixtures.publicPem(partner));
    AuthConfig c = AuthFixtures.withTrusted(config(dir), pem);
    TokenVerifier verifier = TokenVerifier.create(vertx, c);

    String withKid =
        AuthFixtures.sign(
            "RS256", Pem.keyId(partner.getPublic()), validClaims(), partner.getPrivate());
    String withoutKid = AuthFixtures.sign("RS256", null, validClaims(), partner.getPrivate());

    assertThat(verifier.algorithms()).containsExactlyInAnyOrder("ES256", "RS256");
    assertThat(verified(verifier, withKid).roles()).containsExactly(Role.CHART);
    assertThat(verified(verifier, withoutKid).subject()).isEqualTo("karte-01");
  }

  @Test
  void withSeveralKeysOfOneAlgorithmATokenWithoutKeyIdIsCheckedAgainstEach(Vertx vertx)
      throws Exception {
    KeyPair partner = AuthFixtures.newKeyPair("ES256");
    Path pem = dir.resolve("partner.pem");
    Files.writeString(pem, AuthFixtures.publicPem(partner));
    AuthConfig c = AuthFixtures.withTrusted(config(dir), pem);
    TokenVerifier verifier = TokenVerifier.create(vertx, c);
    KeyDirectory.SigningKey own = ownKey(c);

    String fromPartner = AuthFixtures.sign("ES256", null, validClaims(), partner.getPrivate());
    String fromGateway =
        AuthFixtures.sign("ES256", null, validClaims(), Pem.privateKey(own.privatePem(), "ES256"));

    assertThat(verified(verifier, fromPartner).subject()).isEqualTo("karte-01");
    assertThat(verified(verifier, fromGateway).subject()).isEqualTo("karte-01");
  }

  @Test
  void anUnsignedTokenWithAlgNoneIsRefused(Vertx vertx) {
    TokenVerifier verifier = TokenVerifier.create(vertx, config(dir));

    assertThat(refusal(verifier, AuthFixtures.unsigned(validClaims())))
        .isEqualTo("token algorithm not accepted");
  }

  @Test
  void hs256IsRefusedWhenNoSecretIsConfiguredAndAcceptedWhenOneIs(Vertx vertx) throws Exception {
    byte[] secret = "a-shared-secret-of-at-least-32-bytes!".getBytes();
    String token = AuthFixtures.signHs256(validClaims(), secret);
    Path secretFile = dir.resolve("hs256.secret");
    Files.write(secretFile, secret);

    TokenVerifier strict = TokenVerifier.create(vertx, config(dir));
    TokenVerifier lenient =
        TokenVerifier.create(vertx, AuthFixtures.withHs256(config(dir), secretFile));

    assertThat(refusal(strict, token)).isEqualTo("token algorithm not accepted");
    assertThat(verified(lenient, token).subject()).isEqualTo("karte-01");
    assertThat(lenient.algorithms()).containsExactlyInAnyOrder("ES256", "HS256");
    assertThat(
            refusal(
                lenient,
                AuthFixtures.signHs256(
                    validClaims(), "another-secret-that-is-32-bytes-long".getBytes())))
        .isEqualTo("token signature not valid");
  }

  @Test
  void theIssuerAndTheAudienceMustBeTheConfiguredOnes(Vertx vertx) {
    AuthConfig c = config(dir);
    TokenVerifier verifier = TokenVerifier.create(vertx, c);

    assertThat(
            refusal(
                verifier,
                AuthFixtures.signedWithOwnKey(c, validClaims().put("iss", "someone-else"))))
        .isEqualTo("token issuer not accepted");
    assertThat(
            refusal(
                verifier,
                AuthFixtures.signedWithOwnKey(c, validClaims().put("aud", "another-api"))))
        .isEqualTo("token audience not accepted");
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({
    "exp, token has no expiry (exp)",
    "sub, token has no subject (sub)",
    "iat, token has no issue time (iat)",
    "jti, token has no id (jti)"
  })
  void aTokenWithoutARequiredClaimIsRefusedNamingIt(String claim, String expected, Vertx vertx) {
    AuthConfig c = config(dir);
    String token = AuthFixtures.signedWithOwnKey(c, AuthFixtures.validClaimsWithout(claim));

    assertThat(refusal(TokenVerifier.create(vertx, c), token)).isEqualTo(expected);
  }

  @Test
  void garbageIsRefusedAsMalformedWithoutReachingTheSignatureCheck(Vertx vertx) {
    AtomicInteger checks = new AtomicInteger();
    TokenVerifier verifier =
        TokenVerifier.create(vertx, config(dir), Clock.systemUTC(), counting(checks));

    assertThat(refusal(verifier, "not-a-jwt")).isEqualTo("token is not a well-formed JWT");
    assertThat(refusal(verifier, "a.b.c")).isEqualTo("token is not a well-formed JWT");
    assertThat(refusal(verifier, "x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1)))
        .isEqualTo("token is not a well-formed JWT");
    assertThat(checks).hasValue(0);
  }

  @Test
  void unknownRoleNamesAreIgnoredRatherThanRefused(Vertx vertx) {
    AuthConfig c = config(dir);
    JsonObject claims = validClaims().put("roles", new JsonArray().add("chart").add("superuser"));
    String token = AuthFixtures.signedWithOwnKey(c, claims);

    assertThat(verified(TokenVerifier.create(vertx, c), token).roles()).containsExactly(Role.CHART);
  }

  @Test
  void rs256TokensAreMintedAndAcceptedAndEs256TokensFromBeforeTheSwitchStillAre(Vertx vertx) {
    AuthConfig es = config(dir);
    String before = chartToken(vertx, es);
    AuthConfig rs = AuthFixtures.withAlgorithm(es, "RS256");
    String after =
        TokenIssuer.create(vertx, rs)
            .mint("karte-02", Set.of(Role.OPS), Duration.ofHours(1))
            .token();
    TokenVerifier verifier = TokenVerifier.create(vertx, rs);

    assertThat(AuthFixtures.headerOf(after).getString("alg")).isEqualTo("RS256");
    assertThat(verified(verifier, after).roles()).containsExactly(Role.OPS);
    assertThat(verified(verifier, before).subject()).isEqualTo("karte-01");
  }

  @Test
  void aSecondVerificationOfTheSameTokenDoesNotCheckTheSignatureAgain(Vertx vertx) {
    AuthConfig c = config(dir);
    AtomicInteger checks = new AtomicInteger();
    TokenVerifier verifier = TokenVerifier.create(vertx, c, Clock.systemUTC(), counting(checks));
    String token = chartToken(vertx, c);

    Caller first = verified(verifier, token);
    Caller second = verified(verifier, token);

    assertThat(second).isEqualTo(first);
    assertThat(checks).hasValue(1);
  }

  @Test
  void requestsCarryingATokenWhileItIsBeingCheckedWaitForThatOneCheckEachOnItsOwnEventLoop(
      Vertx vertx) {
    AuthConfig c = config(dir);
    Held held = held(vertx, c);
    TokenVerifier verifier = held.verifier();
    AtomicInteger checks = held.checks();
    String token = chartToken(vertx, c);

    List<Future<Boolean>> answeredOnOwnContext = verifyFromContexts(vertx, verifier, token, 8);
    held.gate().complete();

    assertThat(Future.all(answeredOnOwnContext).await().<Boolean>list()).containsOnly(true);
    assertThat(checks).hasValue(1);
    assertThat(verified(verifier, token).subject()).isEqualTo("karte-01");
    assertThat(checks).hasValue(1);
  }

  @Test
  void aRefusalReachesEveryRequestThatWaitedForItAndIsNotRemembered(Vertx vertx) {
    AuthConfig c = config(dir);
    Held held = held(vertx, c);
    TokenVerifier verifier = held.verifier();
    AtomicInteger checks = held.checks();
    String token = chartToken(vertx, c);
    String tampered = token.substring(0, token.length() - 4) + "AAAA";

    List<Future<Caller>> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(verifier.verify(tampered));
    }
    held.gate().complete();

    for (Future<Caller> w : waiting) {
      assertThatThrownBy(w::await).isInstanceOf(AuthenticationFailure.class);
    }
    assertThat(checks).hasValue(1);
    assertThat(refusal(verifier, tampered)).isEqualTo(refusal(verifier, tampered));
    assertThat(checks).hasValue(3);
  }

  /**
   * {@code n} verifications of one token, each started on a context of its own once the previous
   * one is waiting; each answer says whether it came back on the context that asked.
   */
  private static List<Future<Boolean>> verifyFromContexts(
      Vertx vertx, TokenVerifier verifier, String token, int n) {
    List<Future<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Context context = vertx.getOrCreateContext();
      Promise<Boolean> onOwn = Promise.promise();
      Promise<Void> started = Promise.promise();
      context.runOnContext(
          v -> {
            verifier
                .verify(token)
                .onComplete(
                    r -> onOwn.complete(r.succeeded() && Vertx.currentContext() == context));
            started.complete();
          });
      started.future().await();
      answers.add(onOwn.future());
    }
    return answers;
  }

  @Test
  void aCachedTokenIsRefusedOnceItsExpiryHasPassed(Vertx vertx) {
    AuthConfig c = config(dir);
    AtomicInteger checks = new AtomicInteger();
    MutableClock clock = new MutableClock(Instant.now());
    TokenVerifier verifier = TokenVerifier.create(vertx, c, clock, counting(checks));
    String token =
        TokenIssuer.create(vertx, c)
            .mint("karte-01", Set.of(Role.CHART), Duration.ofMinutes(5))
            .token();
    verified(verifier, token);

    clock.advance(Duration.ofMinutes(5).plus(c.clockSkew()).plusSeconds(1));

    assertThat(refusal(verifier, token)).isEqualTo("token expired");
    assertThat(verifier.cachedTokens()).isZero();
  }

  @Test
  void anOperatorSeesTheCachesHitsMissesAndSizeInTheMetrics(Vertx vertx) {
    AuthConfig c = config(dir);
    TokenVerifier verifier = TokenVerifier.create(vertx, c);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    verifier.bindMetrics(registry);
    String token =
        TokenIssuer.create(vertx, c)
            .mint("karte-01", Set.of(Role.CHART), Duration.ofHours(1))
            .token();
    // The meters keep counting after a collection (Micrometer holds their objects weakly).
    GarbageCollection.collect();

    for (int i = 0; i < 3; i++) {
      verified(verifier, token);
    }

    assertThat(registry.get(TokenVerifier.LOOKUPS).tag("result", "miss").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get(TokenVerifier.LOOKUPS).tag("result", "hit").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.get("oqsgw.auth.token.cache.entries").gauge().value()).isEqualTo(1);
  }

  @Test
  void theCacheKeepsAtMostTheConfiguredNumberOfTokensAndZeroTurnsItOff(Vertx vertx) {
    AuthConfig c = AuthFixtures.withCacheSize(config(dir), 2);
    TokenIssuer issuer = TokenIssuer.create(vertx, c);
    TokenVerifier bounded = TokenVerifier.create(vertx, c);
    AtomicInteger checks = new AtomicInteger();
    TokenVerifier off =
        TokenVerifier.create(
            vertx, AuthFixtures.withCacheSize(c, 0), Clock.systemUTC(), counting(checks));

    for (int i = 0; i < 3; i++) {
      String token = issuer.mint("karte-0" + i, Set.of(Role.CHART), Duration.ofHours(1)).token();
      verified(bounded, token);
      verified(off, token);
      verified(off, token);
    }

    assertThat(bounded.cachedTokens()).isEqualTo(2);
    assertThat(off.cachedTokens()).isZero();
    assertThat(checks).hasValue(6);
  }

  /** A verifier whose signature checks are counted, each held until {@code gate} completes. */
  private record Held(TokenVerifier verifier, AtomicInteger checks, Promise<Void> gate) {}

  private static Held held(Vertx vertx, AuthConfig c) {
    AtomicInteger checks = new AtomicInteger();
    Promise<Void> gate = Promise.promise();
    UnaryOperator<AuthenticationProvider> holding =
        real ->
            credentials -> {
              checks.incrementAndGet();
              return gate.future().compose(v -> real.authenticate(credentials));
            };
    return new Held(TokenVerifier.create(vertx, c, Clock.systemUTC(), holding), checks, gate);
  }

  private static UnaryOperator<AuthenticationProvider> counting(AtomicInteger checks) {
    return real ->
        credentials -> {
          checks.incrementAndGet();
          return real.authenticate(credentials);
        };
  }

  /** A clock the test moves forward. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
