package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.concurrent.BoundedWorkers;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.health.DatabaseCheck;
import jp.oqsgateway.gateway.health.ExchangeFoldersCheck;
import jp.oqsgateway.gateway.health.Readiness;
import jp.oqsgateway.gateway.logging.RequestIds;
import jp.oqsgateway.gateway.metrics.GatewayMetrics;
import jp.oqsgateway.gateway.notify.LinkEvents;
import jp.oqsgateway.gateway.oqs.link.ExchangeFoldersConfig;
import jp.oqsgateway.gateway.oqs.link.LinkConfig;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.link.OqsLinkCheck;
import jp.oqsgateway.gateway.oqs.link.OqsLinkConfig;
import jp.oqsgateway.gateway.sql.PipelinedPool;

/**
 * What every part of the gateway runs on: metrics, Vert.x, the database pool, the file pool, the
 * file link to the terminal, the outbox and the readiness checks of those dependencies.
 */
record Platform(
    GatewayMetrics metrics,
    Vertx vertx,
    Pool pool,
    BoundedWorkers files,
    OqsLink link,
    Outbox outbox,
    Readiness readiness) {
  static final String FILES_POOL = "oqsgw-files";

  /**
   * What needs no database: metrics, Vert.x and the file workers. Made before the database starts,
   * so that what only needs Vert.x (the API contract's validation) runs while PostgreSQL starts and
   * the migrations are checked.
   */
  record Base(GatewayMetrics metrics, Vertx vertx, BoundedWorkers files) {
    /** Opens each part in order, pushing how to close it onto {@code opened}. */
    static Base start(GatewayConfig config, OpenedParts opened) {
      GatewayMetrics metrics = new GatewayMetrics();
      Vertx vertx =
          Vertx.builder()
              .with(new VertxOptions().setMetricsOptions(metrics.options()))
              .withMetrics(metrics.factory())
              .build();
      opened.push(() -> vertx.close().await());
      RequestIds.propagateOn(vertx.eventBus());
      BoundedWorkers files =
          BoundedWorkers.create(
              vertx,
              FILES_POOL,
              config.filesPoolSize(),
              config.workerQueues().files(),
              metrics.registry());
      opened.push(() -> files.close().await());
      return new Base(metrics, vertx, files);
    }
  }

  /**
   * Opens the parts on the database in order, pushing how to close each onto {@code opened} (so the
   * pool closes before the embedded database stops, and Vert.x after both).
   */
  static Platform start(
      GatewayConfig config,
      Base base,
      StartedDatabase database,
      Optional<Pool> opening,
      OpenedParts opened) {
    Vertx vertx = base.vertx();
    BoundedWorkers files = base.files();
    GatewayMetrics metrics = base.metrics();
    Pool pool =
        opening.orElseGet(
            () ->
                PipelinedPool.open(
                    vertx,
                    database.connectOptions(),
                    config.database().poolSize(),
                    config.database().pointReadConnections()));
    opened.push(() -> pool.close().await());

    OqsLink link =
        OqsLink.start(
                vertx,
                pool,
                files,
                linkConfig(config.link()),
                metrics.registry(),
                config.home().resolve(REQ_DIR_RECORD))
            .await();
    opened.push(() -> link.close().await());
    Outbox outbox = new Outbox();
    LinkEvents.forward(link, pool, outbox);

    Readiness readiness =
        new Readiness(config.healthCheckTimeout(), metrics.registry())
            .register(new DatabaseCheck(pool, database.embedded().isPresent()))
            .register(
                new ExchangeFoldersCheck(
                    config.exchange().root(),
                    config.exchange().minFreeBytes(),
                    files,
                    metrics.registry()))
            .register(new OqsLinkCheck(link));
    return new Platform(metrics, vertx, pool, files, link, outbox, readiness);
  }

  /**
   * The pool, opening its first connection at once: the database client's first connection (its
   * code run for the first time, the password exchange) then overlaps the database's own checks. A
   * connection that fails is the pool's to retry when it is first used.
   */
  static Pool opening(Vertx vertx, PgConnectOptions connect, int size, int pointReads) {
    Pool pool = PipelinedPool.open(vertx, connect, size, pointReads);
    pool.getConnection().onSuccess(SqlConnection::close);
    return pool;
  }

  static Pool createPool(Vertx vertx, PgEndpoint endpoint, int size) {
    return PipelinedPool.open(vertx, PgConnections.options(endpoint), size, 0);
  }

  static void prepareExchangeFolders(ExchangeFoldersConfig exchange, OqsLinkConfig link) {
    if (!exchange.createFolders()) {
      return;
    }
    try {
      for (String folder : ExchangeFoldersCheck.FOLDERS) {
        Files.createDirectories(exchange.root().resolve(folder));
      }
      Files.createDirectories(link.reqDir());
      Files.createDirectories(link.resDir());
      Files.createDirectories(link.faceDir());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create the exchange folders under " + exchange.root() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file in the gateway's home where the link records the {@code req/} folder it uses: after a
   * change of folder, the exchanges left pending in the previous one are ended at start
   * (docs/OQS-LINK.md, "Restart safety").
   */
  static final String REQ_DIR_RECORD = "var/oqs-link-req-dir";

  static LinkConfig linkConfig(OqsLinkConfig c) {
    LinkConfig defaults = LinkConfig.defaults(c.reqDir().getParent());
    return new LinkConfig(
        c.reqDir(),
        c.resDir(),
        c.faceDir(),
        c.archiveDir(),
        c.timeout(),
        c.timeouts(),
        c.pickupThreshold(),
        c.scanInterval(),
        c.stableDelay(),
        defaults.errGrace(),
        c.bulkReaskInterval(),
        c.bulkReaskMax(),
        c.faceMaxAge(),
        c.probeIdle(),
        c.institutionCode(),
        c.requestEncoding(),
        c.zone(),
        defaults.maxResultBytes(),
        c.scanBudgetMb() * 1024L * 1024,
        c.acceptCompleteAtOnce(),
        c.extendedRequestNames());
  }
}
