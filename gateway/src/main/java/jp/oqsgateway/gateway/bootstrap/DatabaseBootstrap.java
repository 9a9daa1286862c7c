package jp.oqsgateway.gateway.bootstrap;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig.DatabaseConfig;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig.EmbeddedDatabaseConfig;
import jp.oqsgateway.gateway.bootstrap.pg.DataRoot;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgOptions;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.store.Migrations;

/**
 * Gets the gateway a migrated database: the external server named by {@code pg.url}, or an embedded
 * PostgreSQL the gateway starts and owns. Runs on the main thread before Vert.x starts (JDBC and
 * process starts block).
 */
public final class DatabaseBootstrap {
  private DatabaseBootstrap() {}

  public static StartedDatabase start(DatabaseConfig config) {
    if (config.externalUrl().isPresent()) {
      PgEndpoint endpoint = fromUrl(config.externalUrl().get());
      String version = migrate(endpoint);
      return new StartedDatabase(endpoint, Optional.empty(), version);
    }
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
      createDatabaseIfMissing(server.endpoint(), config.database());
      PgEndpoint endpoint = server.endpoint().withDatabase(config.database());
      String version = migrate(endpoint);
      return new StartedDatabase(endpoint, Optional.of(server), version);
    } catch (RuntimeException ex) {
      server.close();
      throw ex;
    }
  }

  /** Parses a libpq-style URL; the password may also come from the URL's query (?password=). */
  public static PgEndpoint fromUrl(String url) {
    PgConnectOptions o = PgConnectOptions.fromUri(url);
    return new PgEndpoint(o.getHost(), o.getPort(), o.getDatabase(), o.getUser(), o.getPassword());
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

  private static String migrate(PgEndpoint endpoint) {
    return Migrations.apply(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
  }
}
