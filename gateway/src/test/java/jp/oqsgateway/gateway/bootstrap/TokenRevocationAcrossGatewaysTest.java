package jp.oqsgateway.gateway.bootstrap;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two gateways on one database, as a clinic with a second node runs them: a token revoked with
 * {@code ./ops/oqsgw token revoke} (the command-line entry point, against that database) is refused
 * by both within {@code auth.token-cache-trust}, although both had it cached.
 */
@ExtendWith(VertxExtension.class)
class TokenRevocationAcrossGatewaysTest {
  private static final Duration TRUST = Duration.ofSeconds(2);

  /** The trust, plus time for a poll and a request on 2 shared cores. */
  private static final Duration BOUND = TRUST.plusSeconds(2);

  private static InProcessGateway first;
  private static InProcessGateway second;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    first =
        InProcessGateway.start(
            "revocation", Map.of("auth.token-cache-trust", TRUST.toSeconds() + "s"));
    second =
        InProcessGateway.startIn(
            Files.createTempDirectory("oqsgw-home-"),
            "revocation_second",
            Map.of(
                "pg.url", first.databaseUrl(),
                "auth.keys-dir", first.home().resolve("var/keys").toString(),
                "auth.token-cache-trust", TRUST.toSeconds() + "s"));
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  private record Cli(int code, String out, String err) {}

  /** {@code ./ops/oqsgw ARGS} with the first gateway's home and database. */
  private static Cli oqsgw(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            Map.of("OQSGW_HOME", first.home().toString(), "OQSGW_PG_URL", first.databaseUrl()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String mint(String subject) {
    Cli minted = oqsgw("token", "--role", "chart", "--subject", subject, "--ttl", "1d");
    assertThat(minted.code()).as(minted.err()).isZero();
    return minted.out().strip();
  }

  private static String jti(String token) {
    String payload = token.split("\\.")[1];
    return new JsonObject(
            new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
        .getString("jti");
  }

  private static HttpResponse<Buffer> call(InProcessGateway gw, String token) {
    return client
        .get(gw.apiPort(), "127.0.0.1", "/api/v1/patients/P-REVOKE/links")
        .putHeader("Authorization", "Bearer " + token)
        .send()
        .await();
  }

  private static boolean refusedAsRevokedByBoth(String token) {
    for (InProcessGateway gw : List.of(first, second)) {
      HttpResponse<Buffer> r = call(gw, token);
      if (r.statusCode() != 401
          || !"token revoked".equals(r.bodyAsJsonObject().getString("detail"))) {
        return false;
      }
    }
    return true;
  }

  private static void acceptedByBoth(String token) {
    assertThat(call(first, token).statusCode()).isEqualTo(200);
    assertThat(call(second, token).statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenRevokedByItsIdOnTheCommandLineIsRefusedByEveryGatewayWithinTheCacheTrust() {
    String token = mint("karte-77");
    String other = mint("karte-78");
    acceptedByBoth(token);
    acceptedByBoth(other);

    Cli revoked = oqsgw("token", "revoke", "--jti", jti(token), "--reason", "laptop lost");
    long started = System.nanoTime();

    assertThat(revoked.code()).as(revoked.err()).isZero();
    await()
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> refusedAsRevokedByBoth(token));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
    acceptedByBoth(other);
    Cli listed = oqsgw("token", "revocations");
    assertThat(listed.code()).isZero();
    assertThat(listed.out()).contains("jti " + jti(token) + "  laptop lost");
    assertThat(oqsgw("token", "revoke", "--jti", jti(token)).err()).contains("already revoked");
  }

  @Test
  void aSubjectRevocationRefusesTheTokensIssuedBeforeItButNotThoseIssuedAfter() {
    String before = mint("karte-88");
    acceptedByBoth(before);

    Cli revoked = oqsgw("token", "revoke", "--subject", "karte-88");

    assertThat(revoked.code()).as(revoked.err()).isZero();
    await()
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> refusedAsRevokedByBoth(before));
    Instant revokedAt = revokedAt("karte-88");
    // Token times are whole seconds: a token from the revocation's own second counts as before.
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(revokedAt));
    acceptedByBoth(mint("karte-88"));
  }

  @Test
  void revokeNeedsExactlyOneTargetAndNamesTheRule() {
    Cli neither = oqsgw("token", "revoke");
    Cli both = oqsgw("token", "revoke", "--jti", "a", "--subject", "b");

    assertThat(neither.code()).isEqualTo(2);
    assertThat(neither.err()).startsWith("token: revoke needs exactly one of --jti or --subject");
    assertThat(both.code()).isEqualTo(2);
  }

  private static Instant revokedAt(String subject) {
    return first
        .firstRow("select max(revoked_at) from token_revocations where subject = $1", subject)
        .getOffsetDateTime(0)
        .toInstant();
  }
}
