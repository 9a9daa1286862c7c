package jp.oqsgateway.gateway.bootstrap;

import java.sql.DriverManager;
import java.time.Clock;
import java.util.Properties;
import jp.oqsgateway.gateway.audit.AuditChainWatch;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.concurrent.BoundedWorkers;

/**
 * The read audit's own watch ({@link AuditChainWatch}): a worker pool of one thread of its own (a
 * full verification at start may take a while and must not hold a file-pool thread), JDBC
 * connections as the gateway's application role, the first verification started without waiting for
 * it (readiness does not wait), then one every {@code audit.verify-interval}.
 */
final class AuditWatching {
  static final String POOL = "oqsgw-audit";

  /** Seconds a connection attempt, and then each read of a verification, may take. */
  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private static final int READ_TIMEOUT_SECONDS = 300;

  private AuditWatching() {}

  static void start(
      GatewayConfig config, Platform platform, StartedDatabase database, OpenedParts opened) {
    BoundedWorkers worker =
        BoundedWorkers.create(platform.vertx(), POOL, 1, 1, platform.metrics().registry());
    opened.push(() -> worker.close().await());
    PgEndpoint app = database.endpoint();
    Properties properties = new Properties();
    properties.setProperty("user", app.user());
    if (app.password() != null) {
      properties.setProperty("password", app.password());
    }
    properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", String.valueOf(READ_TIMEOUT_SECONDS));
    properties.setProperty("ApplicationName", POOL);
    AuditChainWatch watch =
        new AuditChainWatch(
            () -> DriverManager.getConnection(app.jdbcUrl(), properties),
            platform.metrics().registry(),
            Clock.systemUTC());
    long timer = watch.start(platform.vertx(), worker, config.auditVerifyInterval());
    opened.push(
        () -> {
          watch.stop();
          platform.vertx().cancelTimer(timer);
        });
  }
}
