package jp.oqsgateway.gateway.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/** The database answers a query through the same pool the gateway uses, at the expected schema. */
public final class DatabaseCheck implements HealthCheck {
  private static final String PROBE =
      // The last migration applied (installed_rank), not max(version): version is text, so "9" >
      // "12".
      "select (select version from flyway_schema_history where success and version is not null"
          + " order by installed_rank desc limit 1) as schema_version";

  private final Pool pool;
  private final boolean embedded;

  public DatabaseCheck(Pool pool, boolean embedded) {
    this.pool = pool;
    this.embedded = embedded;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public Future<CheckResult> check() {
    long started = System.nanoTime();
    return pool.query(PROBE)
        .execute()
        .map(
            rows -> {
              Row row = rows.iterator().next();
              long ms = (System.nanoTime() - started) / 1_000_000;
              JsonObject details =
                  new JsonObject()
                      .put("embedded", embedded)
                      .put("schemaVersion", row.getString("schema_version"))
                      .put("latencyMs", ms);
              return CheckResult.up("query answered", details);
            });
  }
}
