package jp.oqsgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 15, target 5's soak: the open model of {@link HttpLoad} at a constant {@code --rate} for
 * {@code --minutes}, and every {@code --sample-seconds} a sample of the gateway ({@code
 * --gateway-pid}) and of its database: heap in use after a full collection and metaspace (over JMX,
 * the JDK's local management agent started in the gateway through the attach API: no change to the
 * gateway's code), open file descriptors, threads and resident memory from {@code /proc}, the
 * sessions in {@code pg_stat_activity} (as the database owner, this sampler's own excluded), with
 * the load's sent and answered requests, errors
 * and latency of the interval. At the end, a verdict per series: the mean of the last third of the
 * samples against the first third's, after {@code --warmup-samples}; flat within a tolerance stated
 * in the result.
 */
final class Soak {
  /** Memory series: flat when the last third's mean is within this share of the first third's. */
  private static final double MEMORY_TOLERANCE = 0.10;
  /** Counted series (descriptors, threads, connections): flat within 10% or this many, the larger. */
  private static final int COUNT_TOLERANCE = 3;

  private Soak() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    int rate = Integer.parseInt(Bench.required(opts, "rate"));
    double minutes = Double.parseDouble(Bench.required(opts, "minutes"));
    int sampleSeconds = Bench.intOpt(opts, "sample-seconds", 60);
    int warmupSamples = Bench.intOpt(opts, "warmup-samples", 1);
    long gatewayPid = Long.parseLong(Bench.required(opts, "gateway-pid"));
    int connections = Bench.intOpt(opts, "connections", 32);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Bench.intOpt(opts, "threads", 1)));
    HttpLoad load = new HttpLoad(vertx, opts, connections);
    Pool pg = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(OutboxProducer.connectOptions(opts)).using(vertx).build();

    GatewayJvm jvm = GatewayJvm.attach(gatewayPid);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    long end = start + (long) (minutes * 60e9);
    Thread sender = new Thread(() -> load.sendAtRate(rate, start, start, end), "soak-sender");
    sender.start();
    JsonArray samples = new JsonArray();
    long previous = start;
    double cpuBefore = Bench.cpuSeconds(Long.toString(gatewayPid));
    for (int i = 1; start + i * (long) sampleSeconds * 1_000_000_000L <= end; i++) {
      long due = start + i * (long) sampleSeconds * 1_000_000_000L;
      while (System.nanoTime() < due) {
        TimeUnit.NANOSECONDS.sleep(due - System.nanoTime());
      }
      long now = System.nanoTime();
      JsonObject interval = load.interval((now - previous) / 1e9);
      previous = now;
      double cpu = Bench.cpuSeconds(Long.toString(gatewayPid));
      JsonObject gateway = gateway(gatewayPid, jvm, pg)
          .put("cpuCores", Math.round((cpu - cpuBefore) / interval.getDouble("seconds") * 100) / 100.0);
      cpuBefore = cpu;
      JsonObject sample = new JsonObject()
          .put("sample", i).put("atSeconds", i * sampleSeconds).put("time", Instant.now().toString())
          .put("loadAverage", Bench.loadAverage()).put("load", interval).put("gateway", gateway);
      samples.add(sample);
      System.err.println("[soak] " + line(sample));
    }
    sender.join();
    int unanswered = load.drain();
    jvm.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    JsonObject verdicts = verdicts(samples, warmupSamples);
    return new JsonObject()
        .put("what", "GET " + opts.get("path") + " at a constant rate (open model), sampled every "
            + sampleSeconds + " s")
        .put("ratePerSecond", rate)
        .put("minutes", minutes)
        .put("sampleSeconds", sampleSeconds)
        .put("warmupSamples", warmupSamples)
        .put("unansweredAfter10s", unanswered)
        .put("tolerance", new JsonObject()
            .put("memory", "last third's mean at most " + Math.round(MEMORY_TOLERANCE * 100) + "% above the first third's")
            .put("counts", "at most 10% or " + COUNT_TOLERANCE + " above, whichever is larger"))
        .put("verdicts", verdicts)
        .put("markdown", markdown(verdicts, rate, minutes))
        .put("samples", samples)
        .put("machine", Bench.machine());
  }

  /** One sample of the gateway's process and of its database connections. */
  private static JsonObject gateway(long pid, GatewayJvm jvm, Pool pg) throws Exception {
    JsonObject o = new JsonObject();
    jvm.heapAfterFullGc(o);
    o.put("fds", count("/proc/" + pid + "/fd"));
    o.put("threads", threads(pid));
    o.put("rssMb", Bench.rssMb(pid));
    JsonObject byUser = new JsonObject();
    int total = 0;
    // As the owner, other roles' sessions show their database and role but not their type or state;
    // the server's own processes show no role.
    for (Row r : pg.query("select usename, count(*) as n from pg_stat_activity where datname = current_database()"
            + " and usename is not null and pid <> pg_backend_pid() group by usename order by usename")
        .execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
      byUser.put(String.valueOf(r.getString("usename")), r.getLong("n"));
      total += r.getLong("n").intValue();
    }
    return o.put("dbConnections", total).put("dbConnectionsByRole", byUser);
  }

  private static int threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static int count(String dir) throws IOException {
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      return (int) s.count();
    }
  }

  private static double mb(long kib) {
    return Math.round(kib / 102.4) / 10.0;
  }

  /** Each series: first third's mean, last third's, growth, flat or growing. */
  static JsonObject verdicts(JsonArray samples, int warmupSamples) {
    List<JsonObject> kept = new ArrayList<>();
    for (int i = warmupSamples; i < samples.size(); i++) {
      kept.add(samples.getJsonObject(i));
    }
    JsonObject v = new JsonObject();
    for (String series : List.of("heapAfterGcMb", "metaspaceMb", "rssMb")) {
      v.put(series, verdict(kept, "gateway", series, true));
    }
    for (String series : List.of("fds", "threads", "dbConnections")) {
      v.put(series, verdict(kept, "gateway", series, false));
    }
    // The load's own figures: shown as the same comparison, not judged (a shared machine's noise).
    JsonObject load = new JsonObject();
    for (String series : List.of("achievedPerSecond", "errors")) {
      load.put(series, verdict(kept, "load", series, false).put("verdict", "shown, not judged"));
    }
    JsonObject p99 = new JsonObject().put("maxMs", kept.stream()
        .mapToDouble(s -> s.getJsonObject("load").getJsonObject("latency").getDouble("p99Ms")).max().orElse(-1));
    load.put("p99Ms", p99.mergeIn(verdict(kept, "p99", null, false).put("verdict", "shown, not judged")));
    return v.put("load", load);
  }

  private static JsonObject verdict(List<JsonObject> kept, String group, String series, boolean memory) {
    int third = kept.size() / 3;
    if (third == 0) {
      return new JsonObject().put("verdict", "too few samples");
    }
    double first = mean(kept.subList(0, third), group, series);
    double last = mean(kept.subList(kept.size() - third, kept.size()), group, series);
    double allowed = memory ? first * MEMORY_TOLERANCE : Math.max(first * 0.10, COUNT_TOLERANCE);
    double min = kept.stream().mapToDouble(s -> value(s, group, series)).min().orElse(-1);
    double max = kept.stream().mapToDouble(s -> value(s, group, series)).max().orElse(-1);
    return new JsonObject()
        .put("firstThirdMean", round(first)).put("lastThirdMean", round(last))
        .put("growth", round(last - first))
        .put("growthPercent", first == 0 ? 0 : round((last - first) / first * 100))
        .put("min", round(min)).put("max", round(max))
        .put("verdict", last - first <= allowed ? "flat" : "growing");
  }

  private static double mean(List<JsonObject> samples, String group, String series) {
    return samples.stream().mapToDouble(s -> value(s, group, series)).average().orElse(0);
  }

  private static double value(JsonObject sample, String group, String series) {
    if (group.equals("p99")) {
      return sample.getJsonObject("load").getJsonObject("latency").getDouble("p99Ms");
    }
    return sample.getJsonObject(group).getDouble(series);
  }

  private static double round(double d) {
    return Math.round(d * 10) / 10.0;
  }

  /** The verdicts as a Markdown table: one row a series. */
  private static String markdown(JsonObject verdicts, int rate, double minutes) {
    StringBuilder md = new StringBuilder("| series (" + rate + " req/s, " + minutes
        + " min) | first third mean | last third mean | growth | min – max | verdict |\n|---|---|---|---|---|---|\n");
    JsonObject load = verdicts.getJsonObject("load");
    for (String series : verdicts.fieldNames()) {
      if (!series.equals("load")) {
        row(md, series, verdicts.getJsonObject(series));
      }
    }
    for (String series : load.fieldNames()) {
      row(md, "load " + series, load.getJsonObject(series));
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String series, JsonObject v) {
    md.append("| ").append(series).append(" | ").append(v.getValue("firstThirdMean")).append(" | ")
        .append(v.getValue("lastThirdMean")).append(" | ").append(v.getValue("growth")).append(" (")
        .append(v.getValue("growthPercent")).append("%) | ").append(v.getValue("min")).append(" – ")
        .append(v.getValue("max")).append(" | ").append(v.getString("verdict")).append(" |\n");
  }

  /** One sample as a line of the run's progress. */
  private static String line(JsonObject s) {
    JsonObject g = s.getJsonObject("gateway");
    JsonObject l = s.getJsonObject("load");
    return String.format("%5d s  %7.1f req/s  errors %d  p99 %8.2f ms  heap after GC %6.1f MiB  metaspace %5.1f MiB"
            + "  RSS %6.1f MiB  fds %d  threads %d  db connections %d  gateway %.2f cores  load %s",
        s.getInteger("atSeconds"), l.getDouble("achievedPerSecond"), l.getLong("errors"),
        l.getJsonObject("latency").getDouble("p99Ms"), g.getDouble("heapAfterGcMb"),
        g.getDouble("metaspaceMb", -1.0), g.getDouble("rssMb"), g.getInteger("fds"), g.getInteger("threads"),
        g.getInteger("dbConnections"), g.getDouble("cpuCores"), s.getString("loadAverage"));
  }
}
