package jp.oqsgateway.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * HTTP load on one GET route, the same client for the gateway and for the bare Vert.x baseline.
 * {@code closed}: the route's maximum throughput, each of {@code --connections} connections sending
 * its next request when the previous answer has been read. {@code open}: a constant arrival rate
 * ({@code --rate} per second) whatever the answers do, each request's latency counted from the time
 * it was due to be sent, so that a stall delays every request due meanwhile (coordinated omission
 * corrected) and a request never answered counts with the time waited. The path may hold {@code
 * %06d}, replaced by 1..{@code --ids} in turn (one patient after another), or from {@code
 * --first-id} on.
 */
final class HttpLoad {
  private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);
  /** A request without a byte in this time fails (counted), rather than waiting for ever. */
  private static final long IDLE_TIMEOUT_MS = 20_000;

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final RequestOptions base;
  private final String path;
  private final int ids;
  private final int firstId;
  private final AtomicInteger next = new AtomicInteger();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder failures = new LongAdder();
  /** Every answer or failure, warm-up included. */
  private final LongAdder answers = new LongAdder();
  /** Each answer's time from its sending (the closed model's latency, the open model's service time). */
  private final Recorder latencies = new Recorder(MAX_MICROS, 3);
  /** Open model: each answer's time from when its request was due. */
  private final Recorder corrected = new Recorder(MAX_MICROS, 3);
  private volatile boolean counting;
  /** Open model: requests in flight, and those of them counted. */
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger measuredPending = new AtomicInteger();
  private final LongAdder sentMeasured = new LongAdder();
  /** {@link #interval}: the totals when the previous interval ended. */
  private long sentBefore;
  private long failuresBefore;
  private final Map<Integer, Long> statusesBefore = new HashMap<>();
  /** {@code --server-pid}: the server's CPU seconds when the measure began (its share of a core). */
  private final String serverPid;
  private double serverCpuAtBegin;
  /** {@code --pg-data}: the server's PostgreSQL (its processes found by their data folder) and its CPU then. */
  private final Optional<ProcessHandle> postmaster;
  private double postgresqlCpuAtBegin;

  HttpLoad(Vertx vertx, Map<String, String> opts, int connections) throws Exception {
    this.vertx = vertx;
    String target = Bench.required(opts, "target");
    int colon = target.lastIndexOf(':');
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    this.base = new RequestOptions().setMethod(HttpMethod.GET)
        .setHost(target.substring(0, colon)).setPort(Integer.parseInt(target.substring(colon + 1)));
    if (opts.containsKey("token-file")) {
      base.putHeader("Authorization", "Bearer " + Files.readString(Path.of(opts.get("token-file"))).trim());
    }
    this.path = opts.getOrDefault("path", "/");
    this.ids = Bench.intOpt(opts, "ids", 1);
    this.firstId = Bench.intOpt(opts, "first-id", 1);
    this.serverPid = opts.get("server-pid");
    this.postmaster = opts.containsKey("pg-data")
        ? PostgresProcess.postmaster(opts.get("pg-data")) : Optional.empty();
  }

  static JsonObject closed(Map<String, String> opts) throws Exception {
    int connections = Bench.intOpt(opts, "connections", 32);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Bench.intOpt(opts, "threads", 1)));
    HttpLoad load = new HttpLoad(vertx, opts, connections);
    long warmupUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(Bench.intOpt(opts, "warmup", 10));
    // --warmup-requests: the warm-up ends early once that many answers came (a fast server's JIT is warm).
    long warmupRequests = Bench.intOpt(opts, "warmup-requests", Integer.MAX_VALUE);
    long measureNanos = TimeUnit.SECONDS.toNanos(Bench.intOpt(opts, "seconds", 20));
    AtomicLong end = new AtomicLong(Long.MAX_VALUE);
    Context context = vertx.getOrCreateContext();
    for (int i = 0; i < connections; i++) {
      context.runOnContext(v -> load.loop(end));
    }
    while (System.nanoTime() < warmupUntil && load.answers.sum() < warmupRequests) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    long warmedWith = load.answers.sum();
    load.begin();
    long measuring = System.nanoTime();
    end.set(measuring + measureNanos);
    while (System.nanoTime() < end.get()) {
      LockSupport.parkNanos(end.get() - System.nanoTime());
    }
    double seconds = (System.nanoTime() - measuring) / 1e9;
    JsonObject result = load.result(seconds).put("warmupRequests", warmedWith);
    long ok = result.getLong("answered2xx");
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return result.put("model", "closed").put("connections", connections)
        .put("requestsPerSecond", Math.round(ok / seconds));
  }

  static JsonObject open(Map<String, String> opts) throws Exception {
    int rate = Integer.parseInt(Bench.required(opts, "rate"));
    int connections = Bench.intOpt(opts, "connections", 32);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Bench.intOpt(opts, "threads", 1)));
    HttpLoad load = new HttpLoad(vertx, opts, connections);
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(Bench.intOpt(opts, "warmup", 5));
    long end = measureFrom + TimeUnit.SECONDS.toNanos(Bench.intOpt(opts, "seconds", 20));
    load.sendAtRate(rate, start, measureFrom, end);
    int unanswered = load.drain();
    JsonObject result = load.result((end - measureFrom) / 1e9);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return result.put("model", "open (constant arrival rate, latency from each request's due time)")
        .put("ratePerSecond", rate).put("sent", load.sentMeasured.sum()).put("unansweredAfter10s", unanswered)
        .put("connections", connections);
  }

  /**
   * The open model's sender, on the calling thread: {@code rate} requests a second, due at fixed
   * times from {@code start} until {@code end}, each sent at its due time whatever the answers do;
   * those due from {@code measureFrom} on are counted (latency from their due time).
   */
  void sendAtRate(int rate, long start, long measureFrom, long end) {
    long period = 1_000_000_000L / rate;
    // Requests are sent from the client's own context, as a Vert.x client expects to be called.
    Context context = vertx.getOrCreateContext();
    for (long due = start; due < end; due += period) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (due >= measureFrom && !counting) {
        begin();
      }
      long intended = due;
      boolean measured = due >= measureFrom;
      pending.incrementAndGet();
      if (measured) {
        sentMeasured.increment();
        measuredPending.incrementAndGet();
      }
      context.runOnContext(v -> send().onComplete(r -> {
        if (measured) {
          count(r, (System.nanoTime() - intended) / 1_000);
          measuredPending.decrementAndGet();
        }
        pending.decrementAndGet();
      }));
    }
  }

  /**
   * Waits up to 10 s for the answers still due, then counts each counted request still unanswered
   * as 60 s; returns how many those were.
   */
  int drain() {
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pending.get() > 0 && System.nanoTime() < drainUntil) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    int unanswered = measuredPending.get();
    for (int i = 0; i < unanswered; i++) {
      corrected.recordValue(MAX_MICROS);
    }
    return unanswered;
  }

  /** One connection's closed loop: the next request when the previous answer has been read. */
  private void loop(AtomicLong end) {
    send().onComplete(r -> {
      answers.increment();
      if (counting) {
        count(r, 0);
      }
      if (System.nanoTime() < end.get()) {
        loop(end);
      }
    });
  }

  private Future<Integer> send() {
    long start = System.nanoTime();
    String p = path.contains("%") ? String.format(path, firstId + Math.floorMod(next.getAndIncrement(), ids)) : path;
    return client.request(new RequestOptions(base).setURI(p).setIdleTimeout(IDLE_TIMEOUT_MS))
        .compose(req -> req.send())
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onSuccess(s -> latencies.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - start) / 1_000)));
  }

  /** Counts an answer; {@code correctedMicros} > 0 replaces the measured latency (open model). */
  private void count(io.vertx.core.AsyncResult<Integer> r, long correctedMicros) {
    if (r.failed()) {
      failures.increment();
      return;
    }
    statuses.computeIfAbsent(r.result(), k -> new LongAdder()).increment();
    if (correctedMicros > 0) {
      corrected.recordValue(Math.min(MAX_MICROS, correctedMicros));
    }
  }

  private void begin() {
    latencies.getIntervalHistogram();
    corrected.getIntervalHistogram();
    serverCpuAtBegin = serverPid == null ? 0 : Bench.cpuSeconds(serverPid);
    postgresqlCpuAtBegin = PostgresProcess.cpuSeconds(postmaster);
    counting = true;
  }

  private JsonObject result(double seconds) {
    counting = false;
    Histogram measured = latencies.getIntervalHistogram();
    Histogram fromDue = corrected.getIntervalHistogram();
    JsonObject byStatus = new JsonObject();
    long ok = 0;
    for (Map.Entry<Integer, LongAdder> e : statuses.entrySet()) {
      byStatus.put(Integer.toString(e.getKey()), e.getValue().sum());
      ok += e.getKey() / 100 == 2 ? e.getValue().sum() : 0;
    }
    JsonObject result = new JsonObject()
        .put("path", path).put("distinctIds", ids).put("seconds", Math.round(seconds * 10) / 10.0)
        .put("answered2xx", ok).put("statuses", byStatus).put("failedRequests", failures.sum())
        .put("latency", percentiles(fromDue.getTotalCount() > 0 ? fromDue : measured))
        .put("machine", Bench.machine());
    if (fromDue.getTotalCount() > 0) {
      result.put("serviceTime", percentiles(measured));
    }
    if (serverPid != null) {
      // 1.0 = one core busy all the time (the server and, for the gateway, not its PostgreSQL).
      result.put("serverCpuCores", Math.round((Bench.cpuSeconds(serverPid) - serverCpuAtBegin) / seconds * 100) / 100.0);
    }
    if (postmaster.isPresent()) {
      double used = PostgresProcess.cpuSeconds(postmaster) - postgresqlCpuAtBegin;
      result.put("postgresqlCpuCores", Math.round(used / seconds * 100) / 100.0);
    }
    return result;
  }

  /**
   * What the open model counted since the previous call (or {@link #begin}): requests sent, answers
   * by status, failures, and the latency from each request's due time (its p99 among them).
   */
  JsonObject interval(double seconds) {
    Histogram fromDue = corrected.getIntervalHistogram();
    latencies.getIntervalHistogram();
    long sent = sentMeasured.sum();
    long failed = failures.sum();
    JsonObject byStatus = new JsonObject();
    long answered = 0;
    long ok = 0;
    for (Map.Entry<Integer, LongAdder> e : statuses.entrySet()) {
      long n = e.getValue().sum() - statusesBefore.getOrDefault(e.getKey(), 0L);
      statusesBefore.put(e.getKey(), e.getValue().sum());
      if (n > 0) {
        byStatus.put(Integer.toString(e.getKey()), n);
      }
      answered += n;
      ok += e.getKey() / 100 == 2 ? n : 0;
    }
    JsonObject o = new JsonObject()
        .put("seconds", Math.round(seconds * 10) / 10.0)
        .put("sent", sent - sentBefore)
        .put("answered2xx", ok)
        .put("achievedPerSecond", Math.round(ok / seconds * 10) / 10.0)
        .put("errors", answered - ok + failed - failuresBefore)
        .put("statuses", byStatus)
        .put("failedRequests", failed - failuresBefore)
        .put("inFlight", pending.get())
        .put("latency", percentiles(fromDue));
    sentBefore = sent;
    failuresBefore = failed;
    return o;
  }

  static JsonObject percentiles(Histogram h) {
    return new JsonObject().put("n", h.getTotalCount())
        .put("p50Ms", ms(h.getValueAtPercentile(50)))
        .put("p90Ms", ms(h.getValueAtPercentile(90)))
        .put("p99Ms", ms(h.getValueAtPercentile(99)))
        .put("p999Ms", ms(h.getValueAtPercentile(99.9)))
        .put("maxMs", ms(h.getMaxValue()));
  }

  /** Milliseconds to 0.01 (a bare server answers in a tenth of one). */
  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
