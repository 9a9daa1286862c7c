package jp.oqsgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Many live-feed clients, events committed at a steady rate: {@code job.progress} rows inserted
 * into {@code outbox_event} (each its own transaction, as the database owner: nothing in the
 * gateway emits that type yet, so every one seen is the benchmark's). Measures occurredAt → received
 * at each client, events lost or seen twice per client, and the gateway's RSS from /proc.
 */
final class Fanout {
  /** Event ids {@code be7c0000-0000-4000-8000-<seq as 12 hex digits>}: the sequence is in the id. */
  private static final long ID_HIGH = 0xbe7c000000004000L;

  private static final String ID_PREFIX = new UUID(ID_HIGH, 0x8000000000000000L).toString().substring(0, 24);

  /**
   * Transactions in flight at once, should one take longer than the interval between them.
   */
  private static final int CONNECTIONS = 16;

  private final ConcurrentHistogram latency = new ConcurrentHistogram(120_000_000L, 3);
  private final AtomicInteger foreign = new AtomicInteger();
  private final Map<Integer, AtomicInteger> closes = new ConcurrentHashMap<>();
  private final List<Client> clients = new ArrayList<>();

  private static final class Client {
    final BitSet got = new BitSet();
    int duplicates;
    volatile int received;
    volatile boolean open = true;
  }

  static JsonObject run(Map<String, String> opts) throws Exception {
    return new Fanout().measure(opts);
  }

  private JsonObject measure(Map<String, String> opts) throws Exception {
    int count = Bench.intOpt(opts, "clients", 1000);
    int rate = Bench.intOpt(opts, "rate", 200);
    int seconds = Bench.intOpt(opts, "seconds", 60);
    long pid = Long.parseLong(Bench.required(opts, "gateway-pid"));
    String api = Bench.required(opts, "api");
    String token = Files.readString(Path.of(Bench.required(opts, "token-file"))).trim();
    JsonObject result = new JsonObject().put("machine", Bench.machine());
    JsonObject rss = new JsonObject().put("idleMb", Bench.rssMb(pid));
    Vertx vertx = Vertx.vertx();
    Vertx producer = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    try {
      long connectStart = System.nanoTime();
      int failed = connect(vertx, api, token, count, Bench.intOpt(opts, "connect-concurrency", 20));
      result.put("clients", new JsonObject()
          .put("asked", count)
          .put("subscribed", count - failed)
          .put("connectSeconds", (System.nanoTime() - connectStart) / 1_000_000 / 1000.0));
      rss.put("connectedMb", Bench.rssMb(pid));
      List<Double> during = new ArrayList<>();
      List<String> loads = new ArrayList<>();
      sampler.scheduleAtFixedRate(() -> {
        synchronized (during) {
          during.add(Bench.rssMb(pid));
          loads.add(Bench.loadAverage());
        }
      }, 1, 1, TimeUnit.SECONDS);
      // The producer on a Vert.x of its own: the clients' messages never delay its ticks.
      Pool pool = pool(producer, opts);
      BitSet acked = produce(producer, pool, rate, seconds, Bench.intOpt(opts, "commit-every-ms", 50), result);
      sampler.shutdown();
      int expected = acked.cardinality();
      // Late is not lost: wait while deliveries still arrive (at most 5 s without one, 10 min in all).
      long drainStart = System.nanoTime();
      long lastProgress = drainStart;
      long seen = -1;
      while (clients.stream().anyMatch(c -> c.open && c.received < expected)
          && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(5)
          && System.nanoTime() - drainStart < TimeUnit.MINUTES.toNanos(10)) {
        long now = clients.stream().mapToLong(c -> c.received).sum();
        if (now != seen) {
          seen = now;
          lastProgress = System.nanoTime();
        }
        Thread.sleep(50);
      }
      result.put("drainSeconds", Math.round((System.nanoTime() - drainStart) / 1e8) / 10.0);
      rss.put("afterMb", Bench.rssMb(pid));
      if (opts.containsKey("metrics")) {
        result.put("gatewayMetrics", liveMetrics(opts.get("metrics")));
      }
      int closedEarly = (int) clients.stream().filter(c -> !c.open).count();
      Map<String, Integer> closeCodes = new TreeMap<>();
      closes.forEach((k, v) -> closeCodes.put(String.valueOf(k), v.get()));
      result.put("closedBeforeTheEnd", new JsonObject().put("clients", closedEarly)
          .put("closeCodes", new JsonObject(new TreeMap<String, Object>(closeCodes))));
      synchronized (during) {
        rss.put("duringMaxMb", during.stream().mapToDouble(Double::doubleValue).max().orElse(-1));
        rss.put("duringSamplesMb", new JsonArray(new ArrayList<>(during)));
        result.put("loadAverageDuring", new JsonArray(new ArrayList<>(loads)));
      }
      pool.close();
      producer.close().await();
      vertx.close().await();
      Thread.sleep(3_000);
      rss.put("afterClientsClosedMb", Bench.rssMb(pid));
      result.put("rss", rss.put("note", "VmRSS of the gateway's JVM (-Xmx as started by the script)"));
      return summarise(result, expected, acked);
    } finally {
      sampler.shutdownNow();
      producer.close();
      vertx.close();
    }
  }

  /** Opens {@code count} feed clients, at most {@code parallel} handshakes at a time; returns failures. */
  private int connect(Vertx vertx, String api, String token, int count, int parallel) throws Exception {
    int colon = api.lastIndexOf(':');
    String host = api.substring(0, colon);
    int port = Integer.parseInt(api.substring(colon + 1));
    WebSocketClient ws =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(count + 16).setConnectTimeout(30_000));
    JsonObject subscribe = new JsonObject().put("types", new JsonArray().add("job.progress"));
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < count; i++) {
      clients.add(new Client());
    }
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      Client c = clients.get(i);
      Future<WebSocket> f =
          FeedConnection.open(ws, host, port, token, subscribe, text -> onMessage(c, text), code -> {
            c.open = false;
            closes.computeIfAbsent(code == null ? -1 : (int) code, k -> new AtomicInteger()).incrementAndGet();
          });
      f.onComplete(r -> {
        if (r.failed()) {
          c.open = false;
          failed.incrementAndGet();
          if (failed.get() <= 3) {
            System.err.println("client " + i + ": " + r.cause().getMessage());
          }
        }
        if (done.incrementAndGet() == count) {
          all.complete(null);
        }
        launch[0].run();
      });
    };
    for (int i = 0; i < Math.min(parallel, count); i++) {
      vertx.runOnContext(v -> launch[0].run());
    }
    all.get(300, TimeUnit.SECONDS);
    return failed.get();
  }

  /** Runs on the client's event loop: only the id and occurredAt are read, without a JSON parse. */
  private void onMessage(Client c, String text) {
    long now = Bench.nowMicros();
    if (!text.startsWith("{\"type\":\"event\"")) {
      JsonObject m = new JsonObject(text);
      if (!"event".equals(m.getString("type"))) {
        return;
      }
      JsonObject e = m.getJsonObject("event");
      record(c, now, e.getString("id"), e.getString("occurredAt"));
      return;
    }
    record(c, now, field(text, "\"id\":\""), field(text, "\"occurredAt\":\""));
  }

  private static String field(String text, String key) {
    int at = text.indexOf(key);
    if (at < 0) {
      return null;
    }
    int from = at + key.length();
    return text.substring(from, text.indexOf('"', from));
  }

  private void record(Client c, long now, String id, String occurredAt) {
    if (id == null || occurredAt == null || !id.startsWith(ID_PREFIX)) {
      foreign.incrementAndGet();
      return;
    }
    int seq = (int) Long.parseLong(id.substring(ID_PREFIX.length()), 16);
    if (c.got.get(seq)) {
      c.duplicates++;
    } else {
      c.got.set(seq);
    }
    c.received++;
    latency.recordValue(Math.max(0, now - Bench.micros(Instant.parse(occurredAt))));
  }

  /**
   * The gateway's own view: its delivery-lag timer (occurredAt → written to the socket; p50 and p99
   * as the upper bounds of their histogram buckets) and its other oqsgw_live_* lines as they are.
   */
  private static JsonObject liveMetrics(String url) {
    JsonObject out = new JsonObject();
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      List<double[]> buckets = new ArrayList<>();
      JsonArray other = new JsonArray();
      double count = 0;
      double sum = 0;
      double max = 0;
      for (String l : r.body().lines().filter(l -> l.startsWith("oqsgw_live_")).toList()) {
        double value = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
        if (l.startsWith("oqsgw_live_delivery_lag_seconds_bucket{le=\"") && !l.contains("+Inf")) {
          int from = l.indexOf("le=\"") + 4;
          buckets.add(new double[] {Double.parseDouble(l.substring(from, l.indexOf('"', from))), value});
        } else if (l.startsWith("oqsgw_live_delivery_lag_seconds_count")) {
          count = value;
        } else if (l.startsWith("oqsgw_live_delivery_lag_seconds_sum")) {
          sum = value;
        } else if (l.startsWith("oqsgw_live_delivery_lag_seconds_max")) {
          max = value;
        } else {
          other.add(l);
        }
      }
      out.put("deliveryLag", new JsonObject()
          .put("what", "the gateway's oqsgw_live_delivery_lag_seconds: occurredAt → written to the socket")
          .put("count", (long) count)
          .put("meanMs", count == 0 ? 0 : Math.round(sum / count * 10_000) / 10.0)
          .put("p50AtMostMs", atMost(buckets, count * 0.50))
          .put("p99AtMostMs", atMost(buckets, count * 0.99))
          .put("maxMs", Math.round(max * 10_000) / 10.0));
      return out.put("other", other);
    } catch (Exception e) {
      return out.put("unavailable", String.valueOf(e.getMessage()));
    }
  }

  private static double atMost(List<double[]> buckets, double rank) {
    for (double[] b : buckets) {
      if (b[1] >= rank) {
        return Math.round(b[0] * 10_000) / 10.0;
      }
    }
    return -1;
  }

  private static Pool pool(Vertx vertx, Map<String, String> opts) throws Exception {
    String pg = Bench.required(opts, "pg");
    int colon = pg.lastIndexOf(':');
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(pg.substring(0, colon))
            .setPort(Integer.parseInt(pg.substring(colon + 1)))
            .setDatabase(opts.getOrDefault("pg-database", "oqsgw"))
            .setUser(Bench.required(opts, "pg-user"))
            .setPassword(Files.readString(Path.of(Bench.required(opts, "pg-password-file"))).trim());
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(CONNECTIONS)).connectingTo(connect).using(vertx).build();
    // Connections opened before the clock starts: the first events do not wait for a handshake.
    List<Future<?>> open = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      open.add(pool.withConnection(c -> c.query("select 1").execute()));
    }
    Future.all(open).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return pool;
  }

  /**
   * Inserts {@code rate × seconds} events on schedule: every {@code commitEveryMs} the events due
   * are inserted and committed in one transaction (a late tick catches up). Committed one by one,
   * the outbox trigger's NOTIFY serialises every commit with its fsync, which caps this machine
   * far below the rate. Returns the sequence numbers committed.
   */
  private static BitSet produce(
      Vertx vertx, Pool pool, int rate, int seconds, int commitEveryMs, JsonObject result) throws Exception {
    int total = rate * seconds;
    BitSet acked = new BitSet(total);
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
      int from = sent[0];
      List<Tuple> rows = new ArrayList<>();
      while (sent[0] < due) {
        int seq = sent[0]++;
        rows.add(Tuple.of(new UUID(ID_HIGH, 0x8000000000000000L | seq),
            new JsonObject().put("jobId", "bench-fanout").put("done", seq + 1).put("total", total)));
      }
      if (sent[0] == total) {
        vertx.cancelTimer(timer);
      }
      if (rows.isEmpty()) {
        return;
      }
      int to = sent[0];
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

  private JsonObject summarise(JsonObject result, int expected, BitSet acked) {
    long lost = 0;
    int clientsWithLoss = 0;
    int maxLost = 0;
    long duplicates = 0;
    for (Client c : clients) {
      BitSet missing = (BitSet) acked.clone();
      missing.andNot(c.got);
      lost += missing.cardinality();
      clientsWithLoss += missing.isEmpty() ? 0 : 1;
      maxLost = Math.max(maxLost, missing.cardinality());
      duplicates += c.duplicates;
    }
    Histogram h = latency.copy();
    result.put("delivery", new JsonObject()
        .put("what", "event occurredAt (clock_timestamp() in its insert) → received at the client")
        .put("expected", (long) expected * clients.size())
        .put("received", h.getTotalCount())
        .put("p50Ms", Bench.ms(h.getValueAtPercentile(50)))
        .put("p90Ms", Bench.ms(h.getValueAtPercentile(90)))
        .put("p99Ms", Bench.ms(h.getValueAtPercentile(99)))
        .put("p999Ms", Bench.ms(h.getValueAtPercentile(99.9)))
        .put("maxMs", Bench.ms(h.getMaxValue()))
        .put("lost", lost)
        .put("clientsWithLoss", clientsWithLoss)
        .put("maxLostPerClient", maxLost)
        .put("duplicates", duplicates)
        .put("foreignMessages", foreign.get()));
    JsonObject d = result.getJsonObject("delivery");
    JsonObject rss = result.getJsonObject("rss");
    result.put("target", new JsonObject().put("rule", "p99 < 200 ms, none lost or doubled")
        .put("met", d.getDouble("p99Ms") < 200 && lost == 0 && duplicates == 0));
    result.put("markdown", String.format(
        "| %s | %d × %d/s × %d s | %.0f ms | %.0f ms | %.0f ms | %d | %d | %.0f / %.0f / %.0f / %.0f MB | %s |",
        java.time.LocalDate.now(), result.getJsonObject("clients").getInteger("subscribed"),
        result.getJsonObject("events").getInteger("ratePerSecond"),
        result.getJsonObject("events").getInteger("asked") / result.getJsonObject("events").getInteger("ratePerSecond"),
        d.getDouble("p50Ms"), d.getDouble("p99Ms"), d.getDouble("maxMs"), lost, duplicates,
        rss.getDouble("idleMb"), rss.getDouble("connectedMb"), rss.getDouble("duringMaxMb"), rss.getDouble("afterMb"),
        result.getJsonObject("machine").getString("loadAverage")));
    return result;
  }
}
