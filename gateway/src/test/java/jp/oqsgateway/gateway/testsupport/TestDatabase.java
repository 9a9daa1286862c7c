package jp.oqsgateway.gateway.testsupport;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.bootstrap.DatabaseBootstrap;
import jp.oqsgateway.gateway.bootstrap.DatabaseRoles;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgOptions;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.sql.PipelinedPool;

/**
 * One real PostgreSQL server per test JVM, started with the product's own launcher (so tests
 * exercise the same root-safe mechanism), or the server named by {@code OQSGW_TEST_PG_URL}. Each
 * test class asks for a fresh database on it.
 */
public final class TestDatabase {
  public static final String EXTERNAL_URL_ENV = "OQSGW_TEST_PG_URL";
  private static PgEndpoint server;
  private static EmbeddedPostgres embedded;

  private TestDatabase() {}

  /**
   * A new database as the gateway has it: owned by {@link DatabaseRoles#OWNER}, which migrations
   * connect as, and served by {@link DatabaseRoles#APP}.
   */
  public static synchronized DatabaseRoles.Split freshGatewayDatabase(String purpose) {
    PgEndpoint s = server();
    return DatabaseRoles.provision(
        s, name(purpose), password(DatabaseRoles.OWNER), password(DatabaseRoles.APP));
  }

  /**
   * The owner role's URL for a database whose application role's URL this is (a gateway restarted
   * on the data of an earlier one); empty for another role's URL.
   */
  public static Optional<String> ownerUrlFor(String url) {
    PgEndpoint e = DatabaseBootstrap.fromUrl(url);
    if (!e.user().equals(DatabaseRoles.APP)) {
      return Optional.empty();
    }
    return Optional.of(url(e.withRole(DatabaseRoles.OWNER, password(DatabaseRoles.OWNER))));
  }

  /**
   * The embedded test server keeps role passwords as the product does; on an external test server
   * they are derived from its superuser's password, so that every test JVM agrees on them.
   */
  private static synchronized String password(String role) {
    PgEndpoint s = server();
    if (embedded != null) {
      return embedded.secret(role);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((s.password() + "/" + role).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new, empty database on the shared server. */
  public static synchronized PgEndpoint freshDatabase(String purpose) {
    PgEndpoint s = server();
    String name = name(purpose);
    DatabaseBootstrap.createDatabaseIfMissing(s, name);
    return s.withDatabase(name);
  }

  /**
   * The server's superuser on {@code database}: what an attacker who owns the database server has,
   * for tests that must show what such a person cannot hide.
   */
  public static synchronized PgEndpoint superuserOn(String database) {
    return server().withDatabase(database);
  }

  private static String name(String purpose) {
    return ("t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9_]", "_");
  }

  /** The libpq-style URL the gateway's {@code pg.url} takes. */
  public static String url(PgEndpoint e) {
    return "postgresql://"
        + e.user()
        + "@"
        + e.host()
        + ":"
        + e.port()
        + "/"
        + e.database()
        + "?password="
        + URLEncoder.encode(e.password() == null ? "" : e.password(), StandardCharsets.UTF_8);
  }

  /**
   * A Vert.x pool of up to four connections to {@code e} as its own user, without TLS, whose
   * transactions begin as the gateway's do ({@link PipelinedPool}).
   */
  public static Pool pool(Vertx vertx, PgEndpoint e) {
    return PipelinedPool.open(vertx, connectOptions(e), 4, 0);
  }

  /** The reactive client's options for {@code e} as its own user, without TLS. */
  public static PgConnectOptions connectOptions(PgEndpoint e) {
    return new PgConnectOptions()
        .setHost(e.host())
        .setPort(e.port())
        .setDatabase(e.database())
        .setUser(e.user())
        .setPassword(e.password());
  }

  /** A JDBC connection to {@code e} as its own user. */
  public static Connection connect(PgEndpoint e) throws SQLException {
    return DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password());
  }

  /** Runs one statement on {@code c}. */
  public static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static PgEndpoint server() {
    if (server != null) {
      return server;
    }
    String external = System.getenv(EXTERNAL_URL_ENV);
    if (external != null && !external.isBlank()) {
      server = DatabaseBootstrap.fromUrl(external);
      return server;
    }
    Path root = tempRoot();
    embedded =
        EmbeddedPostgres.start(
            new EmbeddedPgOptions(root, "oqsgw-pg", 0, false, Duration.ofSeconds(60)));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  embedded.close();
                  deleteQuietly(root);
                },
                "test-db-stop"));
    server = embedded.endpoint();
    return server;
  }

  /** Under /tmp: when tests run as root, the PostgreSQL user must be able to reach it. */
  static Path tempRoot() {
    try {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-testdb-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void deleteQuietly(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
