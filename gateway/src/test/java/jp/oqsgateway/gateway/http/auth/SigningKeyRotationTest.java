package jp.oqsgateway.gateway.http.auth;

import static jp.oqsgateway.gateway.http.auth.AuthFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.gateway.http.auth.TokenVerifierTest.MutableClock;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oqsgw keys rotate} on a real keys folder: the new key signs, the old one verifies what it
 * signed until those tokens can have expired, and not after.
 */
@ExtendWith(VertxExtension.class)
class SigningKeyRotationTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int keys(AuthConfig c, String... args) {
    return Cli.run(
        new KeysCommand(() -> c, new PrintStream(out, true), new PrintStream(err, true)),
        args,
        new PrintStream(out, true),
        new PrintStream(err, true));
  }

  private static MintedToken chartToken(Vertx vertx, AuthConfig c, Duration ttl) {
    return TokenIssuer.create(vertx, c).mint("karte-01", Set.of(Role.CHART), ttl);
  }

  private static String refusal(TokenVerifier verifier, String token) {
    Future<Caller> result = verifier.verify(token);
    assertThatThrownBy(result::await).isInstanceOf(AuthenticationFailure.class);
    return result.cause().getMessage();
  }

  @Test
  void afterARotationOldTokensStillVerifyAndNewTokensAreSignedByTheNewKey(Vertx vertx)
      throws Exception {
    AuthConfig c = config(dir);
    MintedToken old = chartToken(vertx, c, Duration.ofDays(30));

    assertThat(keys(c, "rotate")).isEqualTo(Cli.OK);

    // the gateway after its restart
    TokenVerifier verifier = TokenVerifier.create(vertx, c);
    MintedToken fresh = chartToken(vertx, c, Duration.ofDays(30));
    assertThat(fresh.keyId()).isNotEqualTo(old.keyId());
    assertThat(AuthFixtures.headerOf(fresh.token()).getString("kid")).isEqualTo(fresh.keyId());
    assertThat(verifier.verify(old.token()).await().subject()).isEqualTo("karte-01");
    assertThat(verifier.verify(fresh.token()).await().subject()).isEqualTo("karte-01");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("kid " + fresh.keyId() + " signs new tokens")
        .contains("kid " + old.keyId() + " verifies the tokens it signed until");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("restart the gateway");
  }

  @Test
  void theRetiredKeyKeepsOnlyItsPublicHalfWithTheModesOfEveryKey(Vertx vertx) throws Exception {
    AuthConfig c = config(dir);
    String oldKeyId = chartToken(vertx, c, Duration.ofHours(1)).keyId();

    assertThat(keys(c, "rotate")).isEqualTo(Cli.OK);

    Path retired = c.keysDir().resolve(KeyDirectory.RETIRED);
    try (Stream<Path> files = Files.list(retired)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(oldKeyId + "-public.pem", oldKeyId + ".json");
    }
    assertThat(Files.getPosixFilePermissions(retired)).isEqualTo(OwnerOnlyFiles.DIR);
    assertThat(Files.getPosixFilePermissions(retired.resolve(oldKeyId + ".json")))
        .isEqualTo(OwnerOnlyFiles.FILE);
    assertThat(Files.readString(retired.resolve(oldKeyId + "-public.pem")))
        .doesNotContain("PRIVATE");
    assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
        .doesNotContain("PRIVATE")
        .doesNotContain(Files.readString(KeyDirectory.privateFile(c.keysDir(), "ES256")));
  }

  @Test
  void onceTheRetirementEndsTheOldKeysTokensAreRefusedByARunningGateway(Vertx vertx) {
    AuthConfig c = config(dir);
    MintedToken old = chartToken(vertx, c, Duration.ofDays(1));
    assertThat(keys(c, "rotate")).isEqualTo(Cli.OK);
    MutableClock clock = new MutableClock(Instant.now());
    TokenVerifier running = TokenVerifier.create(vertx, c, clock, UnaryOperator.identity());
    assertThat(running.verify(old.token()).await().subject()).isEqualTo("karte-01");

    // the longest lifetime (365d by default) and the clock skew later, the key is no longer trusted
    clock.advance(c.retiredKeyTrust().plusSeconds(1));

    assertThat(refusal(running, old.token())).isEqualTo(AuthenticationFailure.UNKNOWN_KEY);
  }

  @Test
  void aGatewayStartedAfterTheRetirementNoLongerLoadsTheRetiredKey(Vertx vertx) {
    AuthConfig c = config(dir);
    MintedToken old = chartToken(vertx, c, Duration.ofDays(1));
    assertThat(keys(c, "rotate")).isEqualTo(Cli.OK);
    MutableClock clock = new MutableClock(Instant.now().plus(c.retiredKeyTrust()).plusSeconds(1));

    KeyRing ring = KeyRing.load(c, clock);

    assertThat(ring.retiredUntil()).isEmpty();
    assertThat(ring.verificationOptions(c).getPubSecKeys())
        .noneMatch(k -> k.getId().equals(old.keyId()));
  }

  @Test
  void aPairWithoutMetadataIsDatedByItsOlderFileAndKeepsThatDateWhenCopied() throws Exception {
    Path keys = dir.resolve("keys");
    new KeyDirectory(keys).loadOrCreate("ES256");
    // as the previous release left it: the pair alone
    Files.delete(KeyDirectory.metadataFile(keys, "ES256"));
    Instant made = Instant.now().minus(Duration.ofDays(340)).truncatedTo(ChronoUnit.SECONDS);
    Files.setLastModifiedTime(KeyDirectory.privateFile(keys, "ES256"), FileTime.from(made));
    Files.setLastModifiedTime(
        KeyDirectory.publicFile(keys, "ES256"), FileTime.from(made.plusSeconds(5)));

    assertThat(new KeyDirectory(keys).loadOrCreate("ES256").created()).isEqualTo(made);

    // a copy or a restore gives the files new times; the recorded date stays
    Files.setLastModifiedTime(
        KeyDirectory.privateFile(keys, "ES256"), FileTime.from(Instant.now()));
    Files.setLastModifiedTime(KeyDirectory.publicFile(keys, "ES256"), FileTime.from(Instant.now()));
    assertThat(new KeyDirectory(keys).loadOrCreate("ES256").created()).isEqualTo(made);
    assertThat(Files.getPosixFilePermissions(KeyDirectory.metadataFile(keys, "ES256")))
        .isEqualTo(OwnerOnlyFiles.FILE);
  }

  @Test
  void mintingWithAKeyPastItsLifetimeStillWorksAndSaysToRotateIt() throws Exception {
    AuthConfig c = config(dir);
    KeyDirectory.SigningKey key = new KeyDirectory(c.keysDir()).loadOrCreate("ES256");
    Instant made = Instant.now().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
    new KeyMetadata(key.keyId(), "ES256", made, Optional.empty())
        .write(KeyDirectory.metadataFile(c.keysDir(), "ES256"));
    PrintStream print = new PrintStream(err, true);
    TokenCommand token = new TokenCommand(() -> c, new PrintStream(out, true), print);

    int code =
        Cli.run(token, new String[] {"--role", "chart", "--subject", "karte-01"}, print, print);

    assertThat(code).isEqualTo(Cli.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).isNotBlank();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "the signing key is past auth.signing-key-lifetime (due "
                + made.plus(Duration.ofDays(365)))
        .contains("oqsgw keys rotate");
  }

  @Test
  void rotatingAFolderWithoutAKeyFailsNamingTheSettingAndCreatesNothing() {
    AuthConfig c = config(dir);

    assertThat(keys(c, "rotate")).isEqualTo(Cli.FAILED);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("keys: auth.keys-dir: ")
        .contains("holds no ES256 key pair to rotate");
    assertThat(KeyDirectory.privateFile(c.keysDir(), "ES256")).doesNotExist();
  }

  @Test
  void theListShowsTheSigningKeysRotationDateAndHowLongEachRetiredKeyIsTrusted(Vertx vertx) {
    AuthConfig c = config(dir);
    String first = chartToken(vertx, c, Duration.ofHours(1)).keyId();
    keys(c, "rotate");
    out.reset();

    assertThat(keys(c, "list")).isEqualTo(Cli.OK);

    String listing = out.toString(StandardCharsets.UTF_8);
    assertThat(listing.lines())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith("signing  ES256 kid ").contains("rotate by "))
        .anySatisfy(
            l -> assertThat(l).startsWith("retired  ES256 kid " + first).contains("trusted until"));
  }
}
