package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.bootstrap.Migrations;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.concurrent.BoundedWorkers;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.testsupport.TestDatabase;

/**
 * One running link for a test: its own Vert.x, pool, worker pool, meter registry and folders, on a
 * database shared by the test class. {@link #restart} stops all of it and starts a new one on the
 * same database and folders, as a gateway restart does.
 */
public final class LinkHarness implements AutoCloseable {
  public final Path root;
  final FakeTerminal terminal;
  private final PgEndpoint db;
  private LinkConfig config;

  /** The file in the "gateway's home" where the link records its req/ folder. */
  public final Path folderRecord;

  Vertx vertx;
  public Pool pool;
  WorkerExecutor files;
  SimpleMeterRegistry registry;
  public OqsLink link;

  public static PgEndpoint migratedDatabase(String purpose) {
    PgEndpoint db = TestDatabase.freshDatabase(purpose);
    Migrations.apply(db.jdbcUrl(), db.user(), db.password());
    return db;
  }

  /** Short times so that tests finish in seconds; {@code tweak} changes what a test needs. */
  static LinkConfig testConfig(Path root, UnaryOperator<LinkConfig> tweak) {
    LinkConfig c =
        new LinkConfig(
            root.resolve("req"),
            root.resolve("res"),
            root.resolve("face"),
            Optional.empty(),
            Duration.ofSeconds(4),
            Map.of(),
            Duration.ofMillis(800),
            Duration.ofMillis(200),
            Duration.ofMillis(100),
            Duration.ofMillis(400),
            Duration.ofMillis(100),
            2,
            Duration.ofHours(1),
            Duration.ZERO,
            "",
            OqsCharset.SHIFT_JIS,
            ZoneId.of("Asia/Tokyo"),
            1024 * 1024,
            LinkConfig.DEFAULT_SCAN_BUDGET_BYTES,
            true,
            true);
    return tweak.apply(c);
  }

  /** Closes each part a test started, in this order, skipping those it never started. */
  public static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part != null) {
        try {
          part.close();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  public LinkHarness(PgEndpoint db, UnaryOperator<LinkConfig> tweak) {
    try {
      this.root = Files.createTempDirectory("oqsgw-link-");
      for (String f : new String[] {"req", "res", "face"}) {
        Files.createDirectories(root.resolve(f));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.db = db;
    this.folderRecord = root.resolve("home/var/oqs-link-req-dir");
    this.config = testConfig(root, tweak);
    this.terminal = new FakeTerminal(root);
    start();
  }

  private boolean running;

  /**
   * Set before a (re)start: the file pool is a {@link BoundedWorkers}, as the gateway's is,
   * refusing new work while this many tasks wait (0: always). Null: a plain pool.
   */
  Integer filesMaxQueued;

  private void start() {
    running = true;
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx, db);
    registry = new SimpleMeterRegistry();
    files =
        filesMaxQueued == null
            ? vertx.createSharedWorkerExecutor("oqsgw-files", 4)
            : BoundedWorkers.create(vertx, "oqsgw-files", 4, filesMaxQueued, registry);
    link = OqsLink.start(vertx, pool, files, config, registry, folderRecord).await();
  }

  public void stop() {
    if (!running) {
      return;
    }
    running = false;
    link.close().await();
    files.close().await();
    pool.close().await();
    vertx.close().await();
  }

  /**
   * Kills the link as a crashed process would: its Vert.x (timers, pool, workers) is closed without
   * {@code link.close()}, so nothing is flushed or cancelled in an orderly way. {@link
   * #restartStopped} starts a new one on the same database and folders.
   */
  void kill() {
    running = false;
    vertx.close().await();
  }

  void restart() {
    stop();
    start();
  }

  /** Starts again after {@link #stop}, configured otherwise (e.g. another req/ folder). */
  public void restartStoppedWith(UnaryOperator<LinkConfig> change) {
    config = change.apply(config);
    start();
  }

  /** Starts again after {@link #stop} (something happened in the folders meanwhile). */
  public void restartStopped() {
    start();
  }

  /** Waits until the link completed {@code n} more scans (time passing, observed, not slept). */
  void awaitScans(int n) {
    long target = scans() + n;
    await(n + " more scans").atMost(FakeTerminal.WAIT).until(() -> scans() >= target);
  }

  private long scans() {
    return link.onCtx(() -> io.vertx.core.Future.succeededFuture(link.scans())).await();
  }

  ExchangeState state(java.util.UUID id) {
    return link.find(id).await().orElseThrow().state();
  }

  double counter(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    stop();
    TestDatabase.deleteQuietly(root);
  }
}
