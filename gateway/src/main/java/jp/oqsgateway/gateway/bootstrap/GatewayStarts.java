package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** SQL for the {@code gateway_start} table. */
public final class GatewayStarts {
  private final Pool pool;

  public GatewayStarts(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> record(String version, boolean embeddedDatabase) {
    return pool.preparedQuery("insert into gateway_start (version, embedded_db) values ($1, $2)")
        .execute(Tuple.of(version, embeddedDatabase))
        .mapEmpty();
  }

  public Future<Long> count() {
    return pool.query("select count(*) from gateway_start")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
