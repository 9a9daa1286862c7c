package jp.oqsgateway.gateway.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the version this build expects, over JDBC, before any verticle that uses the
 * reactive pool is deployed. Scripts live in {@code db/migration} on the classpath. A start with
 * nothing to migrate is confirmed from the schema history without Flyway ({@link
 * MigrationsInForce}); anything else goes through Flyway, which applies and validates.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /** The placeholder migrations name the application role by: {@code ${app_role}}. */
  public static final String APP_ROLE_PLACEHOLDER = "app_role";

  /**
   * Applies pending migrations as a role that serves too (tests, or a single-role external setup):
   * no separate application role gets grants.
   */
  public static String apply(String jdbcUrl, String user, String password) {
    return apply(jdbcUrl, user, password, user);
  }

  /**
   * Applies pending migrations as the owner role and returns the schema version now in force.
   *
   * @param appRole the role the gateway serves with; migrations grant it what it needs ({@code
   *     ${app_role}}); the same as {@code user} when one role does both
   */
  public static String apply(String jdbcUrl, String user, String password, String appRole) {
    return apply(jdbcUrl, user, password, appRole, null);
  }

  /**
   * As {@link #apply(String, String, String, String)}, stopping at {@code target} (a restore brings
   * an empty database to its backup's schema version before loading the rows).
   */
  static String applyUpTo(
      String jdbcUrl, String user, String password, String appRole, String target) {
    return apply(jdbcUrl, user, password, appRole, target);
  }

  private static String apply(
      String jdbcUrl, String user, String password, String appRole, String target) {
    requirePlainRole(appRole);
    if (target == null) {
      Optional<String> inForce = inForce(jdbcUrl, user, password, appRole);
      if (inForce.isPresent()) {
        return upToDate(inForce.get());
      }
    }
    return flyway(jdbcUrl, user, password, appRole, target);
  }

  private static String flyway(
      String jdbcUrl, String user, String password, String appRole, String target) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(jdbcUrl, user, password)
            .placeholders(Map.of(APP_ROLE_PLACEHOLDER, appRole))
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .target(target == null ? "latest" : target)
            .load()
            .migrate();
    String version =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion;
    LOG.atInfo()
        .addKeyValue("applied", result.migrationsExecuted)
        .addKeyValue("schemaVersion", version)
        .log("schema migrated");
    return version;
  }

  /**
   * As {@link #apply(String, String, String, String)}, confirming first on {@code checkOn} (the
   * embedded server's superuser connection the start already holds) that nothing is left to
   * migrate; Flyway connects as {@code owner} only when something is.
   */
  static String apply(Connection checkOn, PgEndpoint owner, String appRole) {
    requirePlainRole(appRole);
    Optional<String> inForce;
    try {
      inForce = MigrationsInForce.confirm(checkOn, appRole);
    } catch (SQLException e) {
      inForce = Optional.empty(); // Flyway reports what is wrong in its own words
    }
    if (inForce.isPresent()) {
      return upToDate(inForce.get());
    }
    return flyway(owner.jdbcUrl(), owner.user(), owner.password(), appRole, null);
  }

  /** The schema version when nothing is left to migrate ({@link MigrationsInForce}). */
  private static Optional<String> inForce(
      String jdbcUrl, String user, String password, String appRole) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      return MigrationsInForce.confirm(c, appRole);
    } catch (SQLException e) {
      // Flyway connects again and reports what is wrong in its own words.
      return Optional.empty();
    }
  }

  private static String upToDate(String version) {
    LOG.atInfo()
        .addKeyValue("schemaVersion", version)
        .log("schema up to date: the history holds every shipped migration as shipped");
    return version;
  }

  private static void requirePlainRole(String appRole) {
    if (!appRole.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new IllegalStateException(
          "pg.url role "
              + appRole
              + " is not a plain role name (letters, digits and _, not starting with a digit)");
    }
  }
}
