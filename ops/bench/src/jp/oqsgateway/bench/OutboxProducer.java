package jp.oqsgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/** {@code job.progress} events committed straight into the gateway's outbox, as its database owner. */
final class OutboxProducer {
  /** Transactions in flight at once, should one take longer than the interval between them. */
  private static final int CONNECTIONS = 16;

  private OutboxProducer() {}

  static Pool pool(Vertx vertx, Map<String, String> opts) throws Exception {
    PgConnectOptions connect = connectOptions(opts);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(CONNECTIONS)).connectingTo(connect).using(vertx).build();
    // Connections opened before the clock starts: the first events do not wait for a handshake.
    List<Future<?>> open = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      open.add(pool.withConnection(c -> c.query("select 1").execute()));
    }
    Future.all(open).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return pool;
  }

  /** The bench gateway's database: {@code --pg host:port}, {@code --pg-user}, {@code --pg-password-file}. */
  static PgConnectOptions connectOptions(Map<String, String> opts) throws IOException {
    String pg = Bench.required(opts, "pg");
    int colon = pg.lastIndexOf(':');
    return new PgConnectOptions()
        .setHost(pg.substring(0, colon))
        .setPort(Integer.parseInt(pg.substring(colon + 1)))
        .setDatabase(opts.getOrDefault("pg-database", "oqsgw"))
        .setUser(Bench.required(opts, "pg-user"))
        .setPassword(Files.readString(Path.of(Bench.required(opts, "pg-password-file"))).trim());
  }

  /**
   * Inserts {@code rate × seconds} events on schedule: every {@code commitEveryMs} the events due
   * are inserted and committed in one transaction (a late tick catches up). Committed one by one,
   * the outbox trigger's NOTIFY serialises every commit with its fsync, which caps this machine
   * far below the rate. Returns the sequence numbers committed.
   */
  static BitSet produce(
      Vertx vertx, Pool pool, int rate, int seconds, int commitEveryMs, int firstSeq, JsonObject result)
      throws Exception {
    int total = rate * seconds;
    BitSet acked = new BitSet(firstSeq + total);
    AtomicInteger failures = new AtomicInteger();
    Promise<Void> finished = Promise.promise();
    long start = System.nanoTime();
    int[] sent = {0};
    int[] answered = {0};
    int[] transactions = {0};
    Histogram commits = new Histogram(120_000_000L, 3);
    String sql = "insert into outbox_event (id, type, occurred_at, payload) values ($1, 'job.progress', clock_timestamp(), $2)";
    vertx.runOnContext(v -> vertx.setPeriodic(commitEveryMs, timer -> {
      long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
      int from = firstSeq + sent[0];
      List<Tuple> rows = new ArrayList<>();
      while (sent[0] < due) {
        int seq = firstSeq + sent[0]++;
        rows.add(Tuple.of(new UUID(Fanout.ID_HIGH, 0x8000000000000000L | seq),
            new JsonObject().put("jobId", "bench-fanout").put("done", seq + 1).put("total", total)));
      }
      if (sent[0] == total) {
        vertx.cancelTimer(timer);
      }
      if (rows.isEmpty()) {
        return;
      }
      int to = firstSeq + sent[0];
      long sentAt = System.nanoTime();
      transactions[0]++;
      pool.withTransaction(c -> c.preparedQuery(sql).executeBatch(rows))
          .onComplete(r -> {
            commits.recordValue((System.nanoTime() - sentAt) / 1_000);
            if (r.succeeded()) {
              acked.set(from, to);
            } else if (failures.addAndGet(to - from) <= 3 * (to - from)) {
              System.err.println("insert of events " + from + ".." + (to - 1) + ": " + r.cause().getMessage());
            }
            answered[0] += to - from;
            if (answered[0] == total) {
              finished.tryComplete();
            }
          });
    }));
    finished.future().toCompletionStage().toCompletableFuture().get(seconds + 120L, TimeUnit.SECONDS);
    double took = (System.nanoTime() - start) / 1e9;
    result.put("events", new JsonObject()
        .put("type", "job.progress")
        .put("asked", total)
        .put("committed", total - failures.get())
        .put("failedInserts", failures.get())
        .put("ratePerSecond", rate)
        .put("achievedPerSecond", Math.round(total / took))
        .put("transactions", transactions[0])
        .put("commitEveryMs", commitEveryMs)
        .put("transactionP50Ms", Bench.ms(commits.getValueAtPercentile(50)))
        .put("transactionP99Ms", Bench.ms(commits.getValueAtPercentile(99))));
    return acked;
  }
}
