package jp.oqsgateway.gateway.bootstrap;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static jp.oqsgateway.gateway.testsupport.TestDatabase.connect;
import static jp.oqsgateway.gateway.testsupport.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgOptions;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.Os;
import jp.oqsgateway.gateway.testsupport.TestCertificates;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway talks to an external PostgreSQL over verified TLS: a real server with {@code ssl=on},
 * a certificate from a CA made for this test, and a pg_hba.conf that refuses any connection without
 * TLS, so that a gateway that starts at all migrated (JDBC) and serves (the pool) over TLS.
 */
class PostgresTlsTest {
  private static final String DATABASE = "oqsgw";
  private static final String PG_ACCOUNT = "oqsgw-pg";

  private static Path root;
  private static Path files;
  private static EmbeddedPostgres server;
  private static TestCertificates ca;
  private static Path caFile;
  private static Path otherCaFile;

  /** The superuser over verified TLS, once the server refuses plain text. */
  private static PgEndpoint superuser;

  private static DatabaseRoles.Split roles;

  @BeforeAll
  static void startServerWithTls() throws Exception {
    root = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-pgtls-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    files = Files.createDirectories(root.resolve("client"));
    server =
        EmbeddedPostgres.start(
            new EmbeddedPgOptions(
                root.resolve("pg"), "oqsgw-pg", 0, false, Duration.ofSeconds(60)));
    roles =
        DatabaseRoles.provision(
            server.endpoint(),
            DATABASE,
            server.secret(DatabaseRoles.OWNER),
            server.secret(DatabaseRoles.APP));

    ca = TestCertificates.authority("OQS Gateway test database CA");
    caFile = Files.writeString(files.resolve("ca.pem"), ca.certificatePem());
    otherCaFile =
        Files.writeString(
            files.resolve("other-ca.pem"),
            TestCertificates.authority("Someone else's CA").certificatePem());
    try (Connection c = connect(server.endpoint())) {
      String data = single(c, "show data_directory");
      TestCertificates.ServerCertificate right = ca.server("127.0.0.1");
      writeServerFile(c, data + "/right.crt", right.certificatePem());
      writeServerFile(c, data + "/right.key", right.keyPem());
      TestCertificates.ServerCertificate wrongHost = ca.server("db.clinic.example");
      writeServerFile(c, data + "/wrong-host.crt", wrongHost.certificatePem());
      writeServerFile(c, data + "/wrong-host.key", wrongHost.keyPem());
      writeServerFile(
          c,
          single(c, "show hba_file"),
          "local all all scram-sha-256\n"
              + "hostnossl all all all reject\n"
              + "hostssl all all 127.0.0.1/32 scram-sha-256\n");
      execute(c, "alter system set ssl = on");
      superuser = server.endpoint().withTls(SslMode.VERIFY_CA, caFile);
      serve(c, "right");
    }
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    TestDatabase.deleteQuietly(root);
  }

  @Test
  void theGatewayMigratesAndServesOverVerifiedTlsAsTheApplicationRole() {
    Map<String, String> settings = verifyingWith(caFile);
    try (InProcessGateway gw = InProcessGateway.start("tls", settings)) {
      Row own =
          gw.firstRow(
              "select s.ssl, s.version, current_user from pg_stat_ssl s"
                  + " where s.pid = pg_backend_pid()");
      assertThat(own.getBoolean("ssl")).isTrue();
      assertThat(own.getString("version")).startsWith("TLSv1.");
      assertThat(own.getString("current_user")).isEqualTo(DatabaseRoles.APP);
      Row all =
          gw.firstRow(
              "select count(*) as n, bool_and(s.ssl) as ssl from pg_stat_ssl s"
                  + " join pg_stat_activity a using (pid) where a.datname = current_database()");
      assertThat(all.getLong("n")).isPositive();
      assertThat(all.getBoolean("ssl")).as("every connection of the gateway").isTrue();
      assertThat(gw.gateway().database().schemaVersion()).isNotBlank();
    }
  }

  @Test
  void aConnectionWithoutTlsIsRefusedByThisServer() {
    assertThatThrownBy(() -> connect(roles.owner()))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no encryption");
  }

  @Test
  void verifyFullRefusesAServerWhoseCertificateAnotherAuthoritySigned() {
    PgEndpoint app = roles.app().withTls(SslMode.VERIFY_FULL, otherCaFile);
    assertThatThrownBy(() -> connect(app))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("SSL error");
    assertThatThrownBy(() -> queryWithPool(app)).hasMessageContaining("SSL handshake failed");
  }

  @Test
  void verifyFullRefusesAServerWhoseCertificateNamesAnotherHost() throws Exception {
    serve("wrong-host");
    try {
      PgEndpoint verifyFull = roles.app().withTls(SslMode.VERIFY_FULL, caFile);
      assertThatThrownBy(() -> connect(verifyFull))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("127.0.0.1");
      assertThatThrownBy(() -> queryWithPool(verifyFull))
          .hasMessageContaining("SSL handshake failed");
      // The same certificate chain passes when the name is not checked: the name is what failed.
      PgEndpoint verifyCa = roles.app().withTls(SslMode.VERIFY_CA, caFile);
      try (Connection c = connect(verifyCa)) {
        assertThat(single(c, "select ssl::text from pg_stat_ssl where pid = pg_backend_pid()"))
            .isEqualTo("true");
      }
      assertThat(queryWithPool(verifyCa)).isEqualTo(DatabaseRoles.APP);
    } finally {
      serve("right");
    }
  }

  @Test
  void aGatewayWithTheWrongRootCertificateDoesNotStart() {
    Map<String, String> settings = verifyingWith(otherCaFile);
    assertThatThrownBy(() -> InProcessGateway.start("tls_wrong_ca", settings).close())
        .isInstanceOf(RuntimeException.class);
  }

  /** Switches the server to one of its certificates and waits until new sessions get it. */
  private static void serve(String name) throws SQLException {
    try (Connection c = connect(superuser)) {
      serve(c, name);
    }
  }

  private static void serve(Connection superuserSession, String name) throws SQLException {
    execute(superuserSession, "alter system set ssl_cert_file = '" + name + ".crt'");
    execute(superuserSession, "alter system set ssl_key_file = '" + name + ".key'");
    execute(superuserSession, "select pg_reload_conf()");
    PgEndpoint trustingAnyName = superuser.withTls(SslMode.VERIFY_CA, caFile);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> serving(trustingAnyName, name + ".crt"));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the server did not switch to "
              + name
              + ".crt within 20 s: "
              + lastRefusal
              + "\n"
              + serverLogTail(),
          e);
    }
  }

  private static boolean serving(PgEndpoint e, String certFile) {
    try (Connection c = connect(e)) {
      return single(c, "show ssl_cert_file").equals(certFile);
    } catch (SQLException notYet) {
      lastRefusal = notYet; // the first time, TLS is still off
      return false;
    }
  }

  private static SQLException lastRefusal;

  private static String serverLogTail() {
    try {
      String log = Files.readString(root.resolve("pg/log/postgres.log"));
      return log.substring(Math.max(0, log.length() - 3000));
    } catch (IOException e) {
      return "(no server log: " + e + ")";
    }
  }

  /**
   * A file in the server's directories, private to the account PostgreSQL runs as (it refuses a key
   * file others can read). As root, that is the account the product creates for it.
   */
  private static void writeServerFile(Connection c, String path, String content)
      throws IOException, InterruptedException {
    Path file = Path.of(path);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    if (Os.runningAsRoot()) {
      Process chown = new ProcessBuilder("chown", PG_ACCOUNT + ":", path).inheritIO().start();
      assertThat(chown.waitFor()).as("chown " + path).isZero();
    }
  }

  private static String queryWithPool(PgEndpoint e) {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(PgConnections.options(e)).using(vertx).build();
      return pool.query("select current_user").execute().await().iterator().next().getString(0);
    } finally {
      vertx.close().await();
    }
  }

  /** Gateway settings that reach both roles over TLS, verifying the server against {@code ca}. */
  private static Map<String, String> verifyingWith(Path rootCert) {
    return Map.of(
        "pg.url", url(roles.app(), "verify-full", rootCert),
        "pg.migration-url", url(roles.owner(), "verify-full", rootCert));
  }

  private static String url(PgEndpoint e, String sslMode, Path rootCert) {
    return TestDatabase.url(e)
        + "&sslmode="
        + sslMode
        + "&sslrootcert="
        + URLEncoder.encode(rootCert.toString(), StandardCharsets.UTF_8);
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
