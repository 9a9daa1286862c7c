package jp.oqsgateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' load client (ops/bench/run, ops/bench/soak, ops/bench/live-card, ops/bench/live-fanout,
 * ops/bench/home-visit-night, ops/bench/growth): one command per measurement, each writing its figures as JSON.
 * Compiled by those scripts against the gateway's jar (Vert.x, the pg client, the OQS message classes); never part of that jar.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: Bench roundtrip|detect|card|fanout|home-visit-night|hello|closed|open|soak|checks|seed|pg|report|growth-… --key value…");
    }
    try {
      run(args);
    } catch (Exception | Error e) {
      // Vert.x's threads would keep the JVM, and the script waiting on it, alive.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> opts = options(Arrays.copyOfRange(args, 1, args.length));
    JsonObject result =
        switch (args[0]) {
          case "roundtrip" -> FileRoundTrip.run(opts);
          case "detect" -> CardDetection.run(opts);
          case "card" -> CardRun.run(opts);
          case "fanout" -> Fanout.run(opts);
          case "home-visit-night" -> HomeVisitNight.run(opts);
          case "hello" -> HelloServer.run(opts);
          case "closed" -> HttpLoad.closed(opts);
          case "open" -> HttpLoad.open(opts);
          case "soak" -> Soak.run(opts);
          case "checks" -> CheckLatency.run(opts);
          case "seed" -> CheckLatency.seed(opts);
          case "pg" -> PgBaseline.run(opts);
          case "report" -> RunReport.run(opts);
          case "growth-fill" -> GrowthFill.run(opts);
          case "growth-chain" -> GrowthProbe.chain(opts);
          case "growth-probe" -> GrowthProbe.run(opts);
          case "growth-report" -> GrowthReport.run(opts);
          default -> throw new IllegalArgumentException("unknown command " + args[0]);
        };
    Files.writeString(Path.of(opts.get("out")), result.encodePrettily() + "\n");
    System.exit(0);
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --key value, got " + args[i]);
      }
      opts.put(args[i].substring(2), args[i + 1]);
    }
    if (!opts.containsKey("out")) {
      throw new IllegalArgumentException("--out FILE is required");
    }
    return opts;
  }

  static int intOpt(Map<String, String> opts, String key, int otherwise) {
    return opts.containsKey(key) ? Integer.parseInt(opts.get(key)) : otherwise;
  }

  static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  /** Wall-clock microseconds: the gateway's occurredAt is on the same clock (same machine). */
  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
  }

  static double ms(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }

  /** p50, p99, min, max (ms) of samples in microseconds; nearest rank. */
  static JsonObject summary(List<Long> micros) {
    long[] s = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    JsonObject o = new JsonObject().put("n", s.length);
    if (s.length == 0) {
      return o;
    }
    return o.put("p50Ms", ms(rank(s, 0.50)))
        .put("p90Ms", ms(rank(s, 0.90)))
        .put("p99Ms", ms(rank(s, 0.99)))
        .put("minMs", ms(s[0]))
        .put("maxMs", ms(s[s.length - 1]));
  }

  /** The nearest-rank {@code q} quantile of sorted samples. */
  static long rank(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static JsonArray samplesMs(List<Long> micros) {
    JsonArray a = new JsonArray();
    micros.forEach(m -> a.add(ms(m)));
    return a;
  }

  /**
   * The head of a report's results: the benchmark, when, whether quick, the settings it ran with,
   * the machine and its load average before ({@code --quick}, {@code --settings}, {@code --load-before}).
   */
  static JsonObject reportHead(String benchmark, Map<String, String> opts) {
    return new JsonObject()
        .put("benchmark", benchmark)
        .put("date", java.time.Instant.now().toString())
        .put("quick", Boolean.parseBoolean(opts.getOrDefault("quick", "false")))
        .put("settings", opts.getOrDefault("settings", ""))
        .put("machine", machine())
        .put("loadAverageBefore", opts.getOrDefault("load-before", "?"));
  }

  /** Cores, memory, JDK, kernel and the load average now: beside every figure. */
  static JsonObject machine() {
    return new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("memTotal", firstLine("/proc/meminfo").replaceAll("^MemTotal:\\s*", ""))
        .put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("kernel", firstLine("/proc/sys/kernel/osrelease"))
        .put("loadAverage", loadAverage());
  }

  static String loadAverage() {
    String[] f = firstLine("/proc/loadavg").split(" ");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
  }

  static String firstLine(String file) {
    try {
      return Files.readAllLines(Path.of(file)).get(0).trim();
    } catch (IOException | IndexOutOfBoundsException e) {
      return "?";
    }
  }

  /** Resident set size of a process in MiB, from /proc; -1 when it is gone. */
  static double rssMb(long pid) {
    return statusMb(pid, "VmRSS:");
  }

  /** A size line of /proc/PID/status (e.g. {@code VmHWM:}, the peak RSS) in MiB; -1 when gone. */
  static double statusMb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 102.4) / 10.0;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /**
   * CPU time a process has used, user + system, in seconds ({@code /proc/PID/stat}, clock ticks of
   * 1/100 s as Linux reports them to programs); -1 if unreadable. "self" for this JVM.
   */
  static double cpuSeconds(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
