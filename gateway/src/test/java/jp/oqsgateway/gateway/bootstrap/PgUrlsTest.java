package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What pg.url says about transport security, and what the start refuses before connecting. */
class PgUrlsTest {

  @Test
  void aLanHostIsVerifiedFullyUnlessTheUrlSaysOtherwiseAndLoopbackStaysPlain() {
    assertThat(PgUrls.parse("postgresql://app@db.clinic.example/oqsgw").sslMode())
        .isEqualTo(SslMode.VERIFY_FULL);
    assertThat(PgUrls.parse("postgresql://app@192.168.1.20:5432/oqsgw").sslMode())
        .isEqualTo(SslMode.VERIFY_FULL);
    assertThat(PgUrls.parse("postgresql://app@127.0.0.1:5432/oqsgw").sslMode())
        .isEqualTo(SslMode.DISABLE);
    assertThat(PgUrls.parse("postgresql://app@localhost/oqsgw").sslMode())
        .isEqualTo(SslMode.DISABLE);
    assertThat(PgUrls.isLoopback("::1")).isTrue();
    assertThat(PgUrls.isLoopback("cafe")).as("a name, even one of hex digits").isFalse();
    assertThat(PgUrls.parse("postgresql://app@db.clinic.example/oqsgw?sslmode=verify-ca").sslMode())
        .isEqualTo(SslMode.VERIFY_CA);
  }

  @Test
  void theRootCertificateAndModeReachBothJdbcAndThePoolButNotTheServersSessionSettings() {
    PgEndpoint e =
        PgUrls.parse(
            "postgresql://app@db.clinic.example:5433/oqsgw?password=s3cret"
                + "&sslmode=verify-full&sslrootcert=/etc/oqsgw/db-ca.pem&application_name=gw");

    assertThat(e.password()).isEqualTo("s3cret");
    assertThat(e.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://db.clinic.example:5433/oqsgw?sslmode=verify-full"
                + "&sslrootcert=%2Fetc%2Foqsgw%2Fdb-ca.pem");
    PgConnectOptions pool = PgConnections.options(e);
    assertThat(pool.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(pool.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(pool.getSslOptions().getTrustOptions()).isNotNull();
    assertThat(pool.getProperties()).doesNotContainKeys("sslrootcert", "sslmode");
  }

  @Test
  void withoutARootCertificateTheJvmsAuthoritiesAreTrustedByBothClients() {
    PgEndpoint e = PgUrls.parse("postgresql://app@db.clinic.example/oqsgw");
    assertThat(e.jdbcUrl()).contains("sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
    assertThat(PgConnections.options(e).getSslOptions().getTrustOptions()).isNotNull();
  }

  @Test
  void plainTextToALanHostIsRefusedAtStartNamingTheSetting() throws Exception {
    for (String mode : new String[] {"disable", "allow", "prefer"}) {
      assertThatThrownBy(
              starting(
                  Map.of("pg.url", "postgresql://app@db.clinic.example/oqsgw?sslmode=" + mode)))
          .as(mode)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("pg.url connects to db.clinic.example with sslmode=" + mode)
          .hasMessageContaining("pg.allow-plaintext: true")
          .hasMessageNotContaining("\n");
    }
    assertThatThrownBy(
            starting(
                Map.of(
                    "pg.url",
                    "postgresql://app@127.0.0.1/oqsgw",
                    "pg.migration-url",
                    "postgresql://owner@10.0.0.5/oqsgw?sslmode=disable")))
        .hasMessageStartingWith("pg.migration-url connects to 10.0.0.5 with sslmode=disable");
  }

  private static ThrowingCallable starting(Map<String, String> settings) {
    return () -> DatabaseBootstrap.start(database(settings));
  }

  private static DatabaseConfig database(Map<String, String> settings) throws Exception {
    Path home = Files.createTempDirectory("oqsgw-pgurls-");
    return GatewayConfig.from(Settings.load(null, Map.of(), settings), home, Map.of()).database();
  }
}
