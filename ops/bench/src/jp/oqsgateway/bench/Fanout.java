package jp.oqsgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
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
  static final long ID_HIGH = 0xbe7c000000004000L;

  private static final String ID_PREFIX = new UUID(ID_HIGH, 0x8000000000000000L).toString().substring(0, 24);

  private final ConcurrentHistogram latency = new ConcurrentHistogram(120_000_000L, 3);
  /** Each event's occurredAt in µs, parsed by the first client that sees it (0: not yet). */
  private AtomicLongArray occurredMicros = new AtomicLongArray(0);
  private final AtomicInteger foreign = new AtomicInteger();
  private final AtomicLong firstClose = new AtomicLong();
  private final Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();
  private final List<Client> clients = new ArrayList<>();
  private WebSocketClient ws;
  private String tlsCa;

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
    tlsCa = opts.get("tls-ca");
    int rate = Bench.intOpt(opts, "rate", 200);
    int seconds = Bench.intOpt(opts, "seconds", 60);
    int warmup = Bench.intOpt(opts, "warmup-seconds", 15);
    occurredMicros = new AtomicLongArray(rate * (warmup + seconds + 10) + 1000);
    long pid = Long.parseLong(Bench.required(opts, "gateway-pid"));
    String api = Bench.required(opts, "api");
    String token = Files.readString(Path.of(Bench.required(opts, "token-file"))).trim();
    JsonObject result = new JsonObject().put("machine", Bench.machine().put("cpus", opts.getOrDefault("cpus", "any")))
        .put("transport", opts.containsKey("tls-ca") ? "wss (TLS)" : "ws");
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
      Pool pool = OutboxProducer.pool(producer, opts);
      int commitEvery = Bench.intOpt(opts, "commit-every-ms", 50);
      if (warmup > 0) {
        warmUp(producer, pool, rate, warmup, commitEvery, result);
      }
      double gatewayCpu = Bench.cpuSeconds(Long.toString(pid));
      double clientCpu = Bench.cpuSeconds("self");
      BitSet acked = OutboxProducer.produce(producer, pool, rate, seconds, commitEvery, rate * warmup, result);
      sampler.shutdown();
      int expected = acked.cardinality();
      // Late is not lost: wait while deliveries still arrive (until 5 s without one, or the cap).
      long drainCap = TimeUnit.SECONDS.toNanos(Bench.intOpt(opts, "drain-max-seconds", 120));
      long drainStart = System.nanoTime();
      long lastProgress = drainStart;
      long seen = -1;
      while (clients.stream().anyMatch(c -> c.open && c.received < expected)
          && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(5)
          && System.nanoTime() - drainStart < drainCap) {
        long now = clients.stream().mapToLong(c -> c.received).sum();
        if (now != seen) {
          seen = now;
          lastProgress = System.nanoTime();
        }
        Thread.sleep(50);
      }
      boolean stillArriving = System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(5)
          && clients.stream().anyMatch(c -> c.open && c.received < expected);
      result.put("drain", new JsonObject()
          .put("seconds", Math.round((System.nanoTime() - drainStart) / 1e8) / 10.0)
          .put("stillArrivingAtTheCap", stillArriving));
      rss.put("afterMb", Bench.rssMb(pid));
      result.put("cpuSeconds", new JsonObject()
          .put("what", "user + system CPU from the first event to the end of the drain (/proc/PID/stat)")
          .put("gateway", Math.round((Bench.cpuSeconds(Long.toString(pid)) - gatewayCpu) * 100) / 100.0)
          .put("loadClient", Math.round((Bench.cpuSeconds("self") - clientCpu) * 100) / 100.0));
      if (opts.containsKey("metrics")) {
        result.put("gatewayMetrics", GatewayMetrics.live(opts.get("metrics")));
      }
      int closedEarly = (int) clients.stream().filter(c -> !c.open).count();
      Map<String, Integer> closeCodes = new TreeMap<>();
      closes.forEach((k, v) -> closeCodes.put(String.valueOf(k), v.get()));
      result.put("closedBeforeTheEnd", new JsonObject().put("clients", closedEarly)
          .put("firstAt", firstClose.get() == 0 ? null : Instant.ofEpochMilli(firstClose.get()).toString())
          .put("why", new JsonObject(new TreeMap<String, Object>(closeCodes))));
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

  /**
   * The same load for a while, not counted: the JIT compiles the paths, and the connections' state
   * made at connect time is promoted by the first garbage collections (each a pause of about 0.1 s
   * on one CPU) before anything is measured. Then every client forgets what it saw.
   */
  private void warmUp(Vertx producer, Pool pool, int rate, int seconds, int commitEvery, JsonObject result)
      throws Exception {
    JsonObject warm = new JsonObject();
    BitSet acked = OutboxProducer.produce(producer, pool, rate, seconds, commitEvery, 0, warm);
    int expected = acked.cardinality();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (clients.stream().anyMatch(c -> c.open && c.received < expected) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    long late = clients.stream().filter(c -> c.open && c.received < expected).count();
    Thread.sleep(1_000);
    for (Client c : clients) {
      c.got.clear();
      c.received = 0;
      c.duplicates = 0;
    }
    latency.reset();
    foreign.set(0);
    result.put("warmup", new JsonObject().put("seconds", seconds).put("events", expected)
        .put("clientsStillBehindAfter60s", late).put("note", "not counted"));
  }

  /** Opens {@code count} feed clients, at most {@code parallel} handshakes at a time; returns failures. */
  private int connect(Vertx vertx, String api, String token, int count, int parallel) throws Exception {
    int colon = api.lastIndexOf(':');
    String host = api.substring(0, colon);
    int port = Integer.parseInt(api.substring(colon + 1));
    // Held in a field: Vert.x closes an unreferenced client, and its sockets with it (1000).
    ws =
        vertx.createWebSocketClient(tls(new WebSocketClientOptions().setMaxConnections(count + 16).setConnectTimeout(30_000)));
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
          FeedConnection.open(ws, host, port, token, subscribe, bytes -> onMessage(c, bytes), why -> {
            c.open = false;
            firstClose.compareAndSet(0, System.currentTimeMillis());
            closes.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
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

  private static final byte[] EVENT = "{\"type\":\"event\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID = ("\"id\":\"" + ID_PREFIX).getBytes(StandardCharsets.US_ASCII);

  /**
   * Runs on the client's event loop, on the message's bytes: only the id (whose last 12 hex digits
   * are the sequence) and, the first time an event is seen, its occurredAt are read; anything but
   * an event of the run is decoded as JSON and looked at.
   */
  private void onMessage(Client c, Buffer bytes) {
    long now = Bench.nowMicros();
    int at = bytes.length() > EVENT.length && startsWith(bytes, EVENT, 0) ? indexOf(bytes, ID) : -1;
    if (at < 0 || at + ID.length + 12 > bytes.length()) {
      String text = bytes.toString(StandardCharsets.UTF_8);
      JsonObject m = new JsonObject(text);
      if ("event".equals(m.getString("type"))) {
        JsonObject e = m.getJsonObject("event");
        record(c, now, e.getString("id"), e.getString("occurredAt"));
      }
      return;
    }
    int seq = 0;
    for (int i = at + ID.length; i < at + ID.length + 12; i++) {
      seq = (seq << 4) | Character.digit(bytes.getByte(i), 16);
    }
    long occurred = seq < occurredMicros.length() ? occurredMicros.get(seq) : 0;
    if (occurred == 0) {
      String text = bytes.toString(StandardCharsets.UTF_8);
      occurred = occurred(seq, field(text, "\"occurredAt\":\""));
    }
    seen(c, seq, now - occurred);
  }

  private static boolean startsWith(Buffer b, byte[] prefix, int from) {
    for (int i = 0; i < prefix.length; i++) {
      if (b.getByte(from + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(Buffer b, byte[] what) {
    for (int i = 0, last = b.length() - what.length; i <= last; i++) {
      if (b.getByte(i) == what[0] && startsWith(b, what, i)) {
        return i;
      }
    }
    return -1;
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
    seen(c, seq, now - occurred(seq, occurredAt));
  }

  private void seen(Client c, int seq, long latencyMicros) {
    if (c.got.get(seq)) {
      c.duplicates++;
    } else {
      c.got.set(seq);
    }
    c.received++;
    latency.recordValue(Math.max(0, latencyMicros));
  }

  /** With {@code --tls-ca FILE}: wss, trusting the gateway's own CA (and checking its name). */
  private WebSocketClientOptions tls(WebSocketClientOptions options) {
    return tlsCa == null ? options
        : options.setSsl(true).setTrustOptions(new PemTrustOptions().addCertPath(tlsCa));
  }

  /** The same instant reaches every client: parsed once, not once per delivery. */
  private long occurred(int seq, String occurredAt) {
    if (seq >= occurredMicros.length()) {
      return Bench.micros(Instant.parse(occurredAt));
    }
    long micros = occurredMicros.get(seq);
    if (micros == 0) {
      micros = Bench.micros(Instant.parse(occurredAt));
      occurredMicros.set(seq, micros);
    }
    return micros;
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
    if (result.getJsonObject("drain").getBoolean("stillArrivingAtTheCap")) {
      // Events were still coming when the run stopped waiting: what is missing is late or lost.
      d.put("notDeliveredWhenTheRunStopped", lost).put("lost", (Object) null);
    }
    JsonObject rss = result.getJsonObject("rss");
    JsonObject cpu = result.getJsonObject("cpuSeconds");
    long received = Math.max(1, h.getTotalCount());
    cpu.put("gatewayMicrosPerDelivery", Math.round(cpu.getDouble("gateway") * 1e7 / received) / 10.0)
        .put("loadClientMicrosPerDelivery", Math.round(cpu.getDouble("loadClient") * 1e7 / received) / 10.0);
    result.put("target", new JsonObject().put("rule", "p99 < 200 ms, none lost or doubled")
        .put("met", d.getDouble("p99Ms") < 200 && d.getValue("lost") != null && lost == 0 && duplicates == 0));
    result.put("markdown", String.format(
        "| %s | %d × %d/s × %d s%s | %.0f ms | %.0f ms | %.0f ms | %s | %d | %.0f / %.0f / %.0f / %.0f MB | %.1f / %.1f µs | %s |",
        java.time.LocalDate.now(), result.getJsonObject("clients").getInteger("subscribed"),
        result.getJsonObject("events").getInteger("ratePerSecond"),
        result.getJsonObject("events").getInteger("asked") / result.getJsonObject("events").getInteger("ratePerSecond"),
        tlsCa == null ? "" : " over TLS",
        d.getDouble("p50Ms"), d.getDouble("p99Ms"), d.getDouble("maxMs"),
        d.getValue("lost") == null ? lost + " not yet delivered" : String.valueOf(lost), duplicates,
        rss.getDouble("idleMb"), rss.getDouble("connectedMb"), rss.getDouble("duringMaxMb"), rss.getDouble("afterMb"),
        cpu.getDouble("gatewayMicrosPerDelivery"), cpu.getDouble("loadClientMicrosPerDelivery"),
        result.getJsonObject("machine").getString("loadAverage")));
    return result;
  }
}
