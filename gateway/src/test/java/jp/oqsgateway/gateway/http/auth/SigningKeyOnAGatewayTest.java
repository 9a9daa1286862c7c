package jp.oqsgateway.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway upgraded from a release that kept no key metadata: it starts on the old pair and
 * shows that key's expiry on {@code /metrics}; after {@code keys rotate} and a restart, tokens of
 * both keys are served and the metric shows the new key's expiry.
 */
class SigningKeyOnAGatewayTest {
  private static final String SERIES =
      "oqsgw_auth_signing_key_expiry_timestamp_seconds{algorithm=\"%s\"} ";

  @TempDir Path home;

  @Test
  void anOldPairWithoutMetadataStartsShowsItsExpiryAndRotatesWithoutRefusingItsTokens()
      throws Exception {
    Path keys = home.resolve("var/keys");
    new KeyDirectory(keys).loadOrCreate("ES256");
    Files.delete(KeyDirectory.metadataFile(keys, "ES256"));
    Instant made = Instant.now().minus(Duration.ofDays(340)).truncatedTo(ChronoUnit.SECONDS);
    Files.setLastModifiedTime(KeyDirectory.privateFile(keys, "ES256"), FileTime.from(made));
    Files.setLastModifiedTime(KeyDirectory.publicFile(keys, "ES256"), FileTime.from(made));

    InProcessGateway before = InProcessGateway.startIn(home, "signing-key-expiry", Map.of());
    String oldToken;
    String databaseUrl;
    try {
      // 340 days old with a 365-day lifetime: due in 25 days, what the alert looks for
      assertThat(sample(before, "ES256"))
          .isEqualTo(made.plus(Duration.ofDays(365)).getEpochSecond());
      assertThat(sample(before, "RS256")).isZero();
      oldToken = before.token(Role.OPS);
      assertThat(jobs(before, oldToken).statusCode()).isEqualTo(200);
      databaseUrl = before.databaseUrl();
    } finally {
      before.stopKeepingHome();
    }

    AuthConfig auth = before.config().auth();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true);
    assertThat(
            Cli.run(
                new KeysCommand(() -> auth, print, print), new String[] {"rotate"}, print, print))
        .isEqualTo(Cli.OK);
    Instant rotated = Instant.now();

    try (InProcessGateway after =
        InProcessGateway.startIn(home, "signing-key-expiry", Map.of("pg.url", databaseUrl))) {
      String newToken = after.token(Role.OPS);
      assertThat(AuthFixtures.headerOf(newToken).getString("kid"))
          .isNotEqualTo(AuthFixtures.headerOf(oldToken).getString("kid"));
      assertThat(jobs(after, oldToken).statusCode()).isEqualTo(200);
      assertThat(jobs(after, newToken).statusCode()).isEqualTo(200);
      assertThat(sample(after, "ES256"))
          .isBetween(
              rotated.plus(Duration.ofDays(365)).getEpochSecond() - 60,
              rotated.plus(Duration.ofDays(365)).getEpochSecond() + 60);
    }
  }

  private static HttpResponse<Buffer> jobs(InProcessGateway gw, String token) {
    return gw.client()
        .get(gw.apiPort(), "127.0.0.1", "/api/v1/jobs")
        .putHeader("Authorization", "Bearer " + token)
        .send()
        .await();
  }

  private static long sample(InProcessGateway gw, String algorithm) {
    String scrape =
        gw.client().get(gw.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    String prefix = String.format(SERIES, algorithm);
    return scrape
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> (long) Double.parseDouble(l.substring(prefix.length()).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series " + prefix + " in /metrics"));
  }
}
