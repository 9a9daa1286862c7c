package jp.oqsgateway.gateway.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema to the version this build expects, over JDBC, before any verticle that uses the
 * reactive pool is deployed. Scripts live in {@code db/migration} on the classpath.
 */
public final class Migrations {
  private Migrations() {}

  /** Applies pending migrations and returns the schema version now in force. */
  public static String apply(String jdbcUrl, String user, String password) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(jdbcUrl, user, password)
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .load()
            .migrate();
    return result.targetSchemaVersion != null
        ? result.targetSchemaVersion
        : result.initialSchemaVersion;
  }
}
