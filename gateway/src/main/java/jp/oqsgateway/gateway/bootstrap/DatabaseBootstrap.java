package jp.oqsgateway.gateway.bootstrap;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.bootstrap.pg.DataRoot;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgOptions;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the gateway a migrated database: the external server named by {@code pg.url}, or an embedded
 * PostgreSQL the gateway starts and owns. Migrations run as the role that owns the schema; the
 * returned endpoint is the application role the pool serves with, whose privileges are checked
 * before anything is served (see {@link DatabasePrivileges}). Runs on the main thread before Vert.x
 * starts (JDBC and process starts block).
 */
public final class DatabaseBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseBootstrap.class);

  private DatabaseBootstrap() {}

  public static StartedDatabase start(DatabaseConfig config) {
    return start(config, options -> {});
  }

  /**
   * What the checks after the server's start need and no server: the JDBC driver loaded and the
   * shipped migrations read and checksummed, on a thread of its own while PostgreSQL starts (the
   * database's thread only waits for it then).
   */
  private static void prepareWhileTheServerStarts() {
    Thread t =
        new Thread(
            () -> {
              DriverManager.getDrivers();
              MigrationsInForce.shipped();
            },
            "oqsgw-database-prep");
    t.setDaemon(true);
    t.start();
  }

  /**
   * As {@link #start(DatabaseConfig)}, handing {@code serverUp} how the pool will connect as soon
   * as an embedded server that already held the gateway's database accepts connections, before its
   * roles, schema and privileges are checked.
   */
  static StartedDatabase start(DatabaseConfig config, Consumer<PgConnectOptions> serverUp) {
    if (config.externalUrl().isPresent()) {
      PgEndpoint app = transport("pg.url", config.externalUrl().get(), config.allowPlaintext());
      Optional<PgEndpoint> owner =
          config
              .migrationUrl()
              .map(url -> transport("pg.migration-url", url, config.allowPlaintext()));
      String version = migrate(owner.orElse(app), app.user());
      DatabasePrivileges.verify(app, owner.isPresent(), config.allowSuperuser());
      return new StartedDatabase(app, Optional.empty(), version);
    }
    prepareWhileTheServerStarts();
    EmbeddedDatabaseConfig e = config.embedded();
    EmbeddedPostgres server =
        EmbeddedPostgres.start(
            new EmbeddedPgOptions(
                DataRoot.choose(e.dir(), e.dirIsDefault(), e.osUser()),
                e.osUser(),
                e.port(),
                e.durable(),
                e.startTimeout()));
    try {
      String ownerPassword = server.secret(DatabaseRoles.OWNER);
      String appPassword = server.secret(DatabaseRoles.APP);
      DatabaseRoles.Split roles =
          DatabaseRoles.split(server.endpoint(), config.database(), ownerPassword, appPassword);
      if (!server.initializedThisStart()) {
        serverUp.accept(StartedDatabase.connectOptions(roles.app(), Optional.of(server)));
      }
      String version;
      // One superuser connection for the roles, the schema's check and the privileges' check.
      try (Connection c =
          DatabaseRoles.provisioned(
              server.endpoint(), config.database(), ownerPassword, appPassword)) {
        version = Migrations.apply(c, roles.owner(), DatabaseRoles.APP);
        DatabasePrivileges.verifyAsRole(c, DatabaseRoles.APP);
      } catch (SQLException closing) {
        throw new IllegalStateException(
            "cannot close a superuser connection: " + closing.getMessage(), closing);
      }
      return new StartedDatabase(roles.app(), Optional.of(server), version);
    } catch (RuntimeException ex) {
      server.close();
      throw ex;
    }
  }

  /** Parses a libpq-style URL, {@code sslmode} and {@code sslrootcert} included. */
  public static PgEndpoint fromUrl(String url) {
    return PgUrls.parse(url);
  }

  /**
   * Parses one of the URL settings and refuses a connection that may travel in plain text to a host
   * other than loopback, unless {@code pg.allow-plaintext} says so (warned each start).
   */
  private static PgEndpoint transport(String setting, String url, boolean allowPlaintext) {
    PgEndpoint endpoint;
    try {
      endpoint = PgUrls.parse(url);
    } catch (IllegalArgumentException ex) {
      throw new IllegalStateException(setting + ": " + ex.getMessage(), ex);
    }
    if (endpoint.mayBePlainText() && !PgUrls.isLoopback(endpoint.host())) {
      if (!allowPlaintext) {
        throw new IllegalStateException(
            setting
                + " connects to "
                + endpoint.host()
                + " with sslmode="
                + endpoint.sslMode().value
                + ", which may send patient data and the password in plain text; use"
                + " sslmode=verify-full (the default) with sslrootcert=<CA file>, or set"
                + " pg.allow-plaintext: true");
      }
      LOG.atWarn()
          .addKeyValue("setting", setting)
          .addKeyValue("host", endpoint.host())
          .addKeyValue("sslmode", endpoint.sslMode().value)
          .log("pg.allow-plaintext is true: the database connection may not be encrypted");
    }
    return endpoint;
  }

  /** Creates the database on a server where we are superuser (embedded, or tests). */
  public static void createDatabaseIfMissing(PgEndpoint server, String database) {
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        PreparedStatement exists =
            c.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("create database \"" + database.replace("\"", "\"\"") + "\"");
      }
    } catch (SQLException ex) {
      throw new IllegalStateException(
          "cannot create database " + database + ": " + ex.getMessage(), ex);
    }
  }

  private static String migrate(PgEndpoint owner, String appRole) {
    return Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), appRole);
  }
}
