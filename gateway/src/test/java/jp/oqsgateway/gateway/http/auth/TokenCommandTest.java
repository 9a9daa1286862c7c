package jp.oqsgateway.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jp.oqsgateway.gateway.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TokenCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(AuthConfig config, String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return Cli.run(new TokenCommand(() -> config, o, e), args, o, e);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theTokenAloneGoesToStdoutAndTheServerAcceptsItWithEveryRoleGiven(Vertx vertx) {
    AuthConfig config = AuthFixtures.config(dir);

    int code =
        run(config, "--role", "chart", "--role=reception", "--subject", "karte-01", "--ttl", "12h");

    assertThat(code).isZero();
    assertThat(out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
    String token = out().strip();
    Caller caller = TokenVerifier.create(vertx, config).verify(token).await();
    assertThat(caller.subject()).isEqualTo("karte-01");
    assertThat(caller.roles()).containsExactly(Role.CHART, Role.RECEPTION);
    assertThat(caller.expiresAt())
        .isBetween(
            Instant.now().plus(Duration.ofHours(12)).minusSeconds(60),
            Instant.now().plus(Duration.ofHours(12)));
    assertThat(err().lines()).hasSize(1);
    assertThat(err())
        .startsWith("token for karte-01 (roles chart,reception) valid 12h until ")
        .contains("jti " + caller.tokenId())
        .doesNotContain(token);
  }

  @Test
  void commaSeparatedRolesWorkAndTheDefaultLifetimeIsThirtyDaysOrTheRolesMaximumIfShorter(
      Vertx vertx) {
    AuthConfig config = AuthFixtures.config(dir);

    assertThat(run(config, "--role", "chart,reception", "--subject", "karte-01")).isZero();
    assertThat(run(config, "--role", "ops,admin", "--subject", "ops-desk")).isZero();

    String[] tokens = out().strip().split("\\R");
    Caller chart = TokenVerifier.create(vertx, config).verify(tokens[0]).await();
    assertThat(Duration.between(Instant.now(), chart.expiresAt()))
        .isBetween(Duration.ofDays(30).minusMinutes(1), Duration.ofDays(30));
    Caller admin = TokenVerifier.create(vertx, config).verify(tokens[1]).await();
    assertThat(admin.roles()).containsExactly(Role.OPS, Role.ADMIN);
    assertThat(Duration.between(Instant.now(), admin.expiresAt()))
        .isBetween(Duration.ofDays(1).minusMinutes(1), Duration.ofDays(1));
  }

  @Test
  void theCommandAndTheServerShareOneKeyPairCreatedOnFirstUse() {
    AuthConfig config = AuthFixtures.config(dir);

    run(config, "--role", "chart", "--subject", "a");
    run(config, "--role", "chart", "--subject", "b");

    String[] lines = out().strip().split("\\R");
    assertThat(lines).hasSize(2);
    assertThat(AuthFixtures.headerOf(lines[0]).getString("kid"))
        .isEqualTo(AuthFixtures.headerOf(lines[1]).getString("kid"));
    assertThat(KeyDirectory.privateFile(config.keysDir(), "ES256")).exists();
  }

  @Test
  void badUsageExitsWithTwoNamingTheArgumentAndPrintsNoToken() {
    AuthConfig config = AuthFixtures.config(dir);

    assertUsageError(run(config, "--subject", "karte-01"), "--role is required");
    assertUsageError(run(config, "--role", "chart"), "--subject is required");
    assertUsageError(
        run(config, "--role", "doctor", "--subject", "x"),
        "--role 'doctor' is not one of chart, reception, clinician, ops, agent, admin");
    assertUsageError(
        run(config, "--role", "chart", "--subject", "x", "--ttl", "30 days"),
        "--ttl must be a number with d, h or m, e.g. 30d, got '30 days'");
    assertUsageError(
        run(config, "--role", "chart", "--subject", "x", "--ttl", "400d"),
        "lifetime 400d is longer than role chart allows: at most 365d"
            + " (auth.max-lifetime.chart)");
    assertUsageError(
        run(config, "--role", "chart,admin", "--subject", "x", "--ttl", "2d"),
        "lifetime 2d is longer than role admin allows: at most 1d (auth.max-lifetime.admin)");
    assertUsageError(
        run(config, "--role", "agent", "--subject", "pc-1"),
        "an agent token needs the desks it reports for (--desk uketsuke-1)");
    assertUsageError(
        run(config, "--role", "chart", "--subject", "x", "--desk", "uketsuke-1"),
        "desks are for agent and reception tokens only (--role agent or reception)");
    assertUsageError(
        run(config, "--role", "agent", "--subject", "pc-1", "--desk", "受付"),
        "--desk must be 1 to 40 letters, digits or . _ - characters, got '受付'");
    assertUsageError(run(config, "--role", "chart", "--subject"), "--subject needs a value");
    assertUsageError(
        run(config, "--role", "chart", "--subject", "karte 01"),
        "--subject must be 1 to 128 letters, digits or . _ - @ : characters");
    assertUsageError(
        run(config, "--role", "chart", "--subject", "x", "--scope", "y"),
        "unknown argument '--scope'");
    assertThat(out()).isEmpty();
    assertThat(config.keysDir()).doesNotExist();
  }

  private void assertUsageError(int code, String message) {
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("token: " + message + "\n" + "usage: oqsgw token");
    err.reset();
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    assertThat(run(AuthFixtures.config(dir), "--help")).isZero();
    assertThat(out()).startsWith("usage: oqsgw token --role ROLE");
  }

  @Test
  void anUnusableKeyFolderExitsWithOneNamingTheSetting() throws Exception {
    AuthConfig config = AuthFixtures.config(dir);
    Files.writeString(config.keysDir(), "a file, not a folder");

    assertThat(run(config, "--role", "chart", "--subject", "x")).isEqualTo(1);
    assertThat(err()).startsWith("token: auth.keys-dir: ");
    assertThat(out()).isEmpty();
  }
}
