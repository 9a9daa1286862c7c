package jp.oqsgateway.gateway.jobs;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.bootstrap.Migrations;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.testsupport.TestDatabase;

/**
 * One "gateway process" of jobs: its own Vert.x and pool on a shared database, the jobs with the
 * kinds a test gives. {@link #kill} ends it as a crash does; a new harness on the same database is
 * the next start.
 */
final class JobsHarness implements AutoCloseable {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  final Vertx vertx = Vertx.vertx();
  final Pool pool;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Jobs jobs;
  final JobsConfig config;
  private boolean closed;

  JobsHarness(PgEndpoint db, JobsConfig config, Clock clock, JobKind... kinds) {
    this.pool = TestDatabase.pool(vertx, db);
    this.config = config;
    this.jobs =
        new Jobs(
            new JobStore(pool),
            new Outbox(),
            List.of(kinds),
            new JobMetrics(registry, List.of(kinds)),
            clock,
            config);
  }

  /** A migrated database with the test kind's table (as its owner: tests create tables). */
  static PgEndpoint migratedDatabase(String purpose) {
    PgEndpoint db = TestDatabase.freshDatabase(purpose);
    Migrations.apply(db.jdbcUrl(), db.user(), db.password());
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = TestDatabase.pool(vertx, db);
      pool.query(CountingKind.CREATE_TABLE).execute().await();
      pool.close().await();
    } finally {
      vertx.close().await();
    }
    return db;
  }

  static JobsConfig config(int concurrency, Map<String, List<LocalTime>> schedules) {
    // Half of the test pool's 4 connections, as JobsSettings.read gives for pg.pool-size 4.
    return new JobsConfig(
        concurrency, schedules, TOKYO, Duration.ofHours(2), Duration.ofHours(1), 2);
  }

  UUID start(String kind, int count) {
    return jobs.start(kind, new JsonObject().put("count", count), Set.of("ops"), "test")
        .await()
        .id();
  }

  Job job(UUID jobId) {
    return jobs.find(jobId).await().orElseThrow();
  }

  Job awaitEnded(UUID jobId) {
    await("job " + jobId + " ended")
        .atMost(Duration.ofSeconds(30))
        .until(() -> job(jobId).finishedAt().isPresent());
    return job(jobId);
  }

  long count(String sql, Object... args) {
    return pool.preparedQuery(sql).execute(Tuple.from(args)).await().iterator().next().getLong(0);
  }

  /** Ends this "process" as a crash does: Vert.x, the pool and open transactions simply go. */
  void kill() {
    closed = true;
    vertx.close().await();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pool.close().await();
      vertx.close().await();
    }
  }
}
