package jp.oqsgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * Baseline (d): what the gateway's embedded PostgreSQL does on its own, measured with the Vert.x pg
 * client as the gateway uses it (the embedded binaries have no pgbench): a primary-key select from
 * a table of 10,000 rows and a single-row insert, each in its own commit, from {@code
 * --connections} connections in a closed loop for {@code --seconds} each after a warm-up; then
 * audit rows as the gateway's group commit writes them, {@code --audit-batch} (1,000) a commit, on
 * one connection: the most reads a second that PostgreSQL can give a durable audit row each on
 * this machine, the ceiling of target 1a whatever the gateway does (docs/PERFORMANCE.md).
 * The tables (bench_baseline_*) are the bench's own, in the bench gateway's throw-away database.
 */
final class PgBaseline {
  private PgBaseline() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    int connections = Bench.intOpt(opts, "connections", 8);
    int warmup = Bench.intOpt(opts, "warmup", 3);
    int seconds = Bench.intOpt(opts, "seconds", 10);
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = OutboxProducer.pool(vertx, opts);
      pool.query("create table if not exists bench_baseline_read (id int primary key, v text not null);"
              + " create table if not exists bench_baseline_write (id bigserial primary key, v text not null);"
              + " insert into bench_baseline_read select g, md5(g::text) from generate_series(1, 10000) g"
              + " on conflict do nothing; analyze bench_baseline_read")
          .execute().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      JsonObject select = measure(connections, warmup, seconds, () -> pool
          .preparedQuery("select v from bench_baseline_read where id = $1")
          .execute(Tuple.of(1 + ThreadLocalRandom.current().nextInt(10_000))).mapEmpty());
      JsonObject insert = measure(connections, warmup, seconds, () -> pool
          .preparedQuery("insert into bench_baseline_write (v) values ($1)")
          .execute(Tuple.of("bench")).mapEmpty());
      int batch = Bench.intOpt(opts, "audit-batch", 1000);
      JsonObject audit = AuditRows.measure(pool, batch, warmup, seconds, opts.getOrDefault("pg-data", "-"));
      return new JsonObject()
          .put("tool", "Vert.x pg client (the embedded PostgreSQL ships no pgbench)")
          .put("connections", connections)
          .put("primaryKeySelect", select)
          .put("singleRowInsertCommit", insert)
          .put("auditRowsBatched", audit)
          .put("machine", Bench.machine());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static JsonObject measure(int connections, int warmup, int seconds, Supplier<Future<Void>> statement)
      throws Exception {
    return measure(connections, warmup, seconds, statement, () -> {});
  }

  /** As {@link #measure(int, int, int, Supplier)}, running {@code measuring} as the measure begins. */
  static JsonObject measure(int connections, int warmup, int seconds, Supplier<Future<Void>> statement,
      Runnable measuring) throws Exception {
    Recorder latencies = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    AtomicInteger running = new AtomicInteger(connections);
    CompletableFuture<Void> done = new CompletableFuture<>();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
    for (int i = 0; i < connections; i++) {
      loop(statement, latencies, end, running, done);
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
    latencies.getIntervalHistogram();
    measuring.run();
    long begin = System.nanoTime();
    done.get(seconds + 60L, TimeUnit.SECONDS);
    var h = latencies.getIntervalHistogram();
    double took = (System.nanoTime() - begin) / 1e9;
    return HttpLoad.percentiles(h).put("perSecond", Math.round(h.getTotalCount() / took))
        .put("seconds", Math.round(took * 1000) / 1000.0);
  }

  private static void loop(Supplier<Future<Void>> statement, Recorder latencies, long end,
      AtomicInteger running, CompletableFuture<Void> done) {
    long start = System.nanoTime();
    statement.get().onComplete(r -> {
      if (r.failed()) {
        done.completeExceptionally(r.cause());
        return;
      }
      latencies.recordValue((System.nanoTime() - start) / 1_000);
      if (System.nanoTime() < end) {
        loop(statement, latencies, end, running, done);
      } else if (running.decrementAndGet() == 0) {
        done.complete(null);
      }
    });
  }
}
