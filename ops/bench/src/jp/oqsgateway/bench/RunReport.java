package jp.oqsgateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * ops/bench/run's results: every part's raw figures (files in {@code --dir}), each target as a
 * ratio to its same-run baseline, and the Markdown table for docs/PERFORMANCE.md. A target whose
 * ratio falls below a quarter of what it asks for is a gross regression ({@code grossRegression}),
 * which fails ./ops/bench/run; a plain miss never does (shared machines are noisy). So does a load
 * phase of which more than 1% of the requests failed ({@code harnessErrors}): its figure means
 * nothing.
 */
final class RunReport {
  private final Path dir;
  private final JsonArray targets = new JsonArray();

  /**
   * Per target, the {@code ofTarget} main has reached so far (ops/bench/run-reached.json): a gross
   * regression is below a quarter of the target once it is met, and below a quarter of what was
   * reached while it is not, so that the smoke check fails on a change that makes things much
   * worse, not on a target still to be met.
   */
  private final JsonObject reached;

  /**
   * A {@code --quick} run's tails (1b's and 2's p99) rest on a few dozen of the slowest answers of
   * a few seconds: they are shown but never judged a gross regression.
   */
  private final boolean quick;

  private RunReport(Path dir, JsonObject reached, boolean quick) {
    this.dir = dir;
    this.reached = reached;
    this.quick = quick;
  }

  static JsonObject run(Map<String, String> opts) throws Exception {
    String reachedFile = opts.get("reached");
    RunReport r =
        new RunReport(
            Path.of(Bench.required(opts, "dir")),
            reachedFile == null ? new JsonObject() : new JsonObject(Files.readString(Path.of(reachedFile))),
            Boolean.parseBoolean(opts.getOrDefault("quick", "false")));
    JsonObject raw = new JsonObject();
    for (String part : new String[] {"hello-closed", "gateway-closed", "gateway-open", "hello-open", "roundtrip",
        "checks", "checks-warm", "pg", "card", "warmup"}) {
      JsonObject p = r.part(part);
      if (p != null) {
        raw.put(part, p);
      }
    }
    r.readThroughput(raw);
    r.readLatency(raw);
    r.checkLatency(raw);
    r.card(raw, opts.getOrDefault("card-note", ""));
    JsonArray errors = new JsonArray();
    for (String part : new String[] {"gateway-closed", "gateway-open", "hello-closed", "hello-open"}) {
      JsonObject p = raw.getJsonObject(part);
      long ok = p.getLong("answered2xx");
      long all = p.getLong("failedRequests") + p.getJsonObject("statuses").stream()
          .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
      if (ok < 0.99 * all) {
        errors.add(part + ": " + (all - ok) + " of " + all + " requests failed or not 2xx " + p.getJsonObject("statuses"));
      }
    }
    boolean gross = r.targets.stream().anyMatch(t -> ((JsonObject) t).getBoolean("grossRegression"));
    JsonObject result = Bench.reportHead("ops/bench/run", opts)
        .put("targets", r.targets)
        .put("grossRegression", gross)
        .put("harnessErrors", errors)
        .put("raw", raw);
    return result.put("markdown", r.markdown(result, raw));
  }

  private JsonObject part(String name) throws Exception {
    Path f = dir.resolve(name + ".json");
    return Files.exists(f) ? new JsonObject(Files.readString(f)) : null;
  }

  /** Target 1a: closed-loop throughput of the cached read over the bare server's. */
  private void readThroughput(JsonObject raw) {
    long gateway = raw.getJsonObject("gateway-closed").getLong("requestsPerSecond");
    long hello = raw.getJsonObject("hello-closed").getLong("requestsPerSecond");
    double ratio = (double) gateway / hello;
    add("1a", "cached qualification read, max throughput (closed loop)",
        gateway + " req/s" + cores(raw.getJsonObject("gateway-closed")) + warmup(raw.getJsonObject("warmup")),
        "bare Vert.x hello (a): " + hello + " req/s" + cores(raw.getJsonObject("hello-closed")),
        String.format("%.3f ×", ratio), "≥ 0.5 ×", ratio / 0.5);
  }

  /** How long the read was warmed up, and whether the JIT still compiled while it was measured. */
  private static String warmup(JsonObject w) {
    if (w == null || w.getInteger("readWarmupSeconds", 0) == 0) {
      return "";
    }
    boolean settled = w.getInteger("readWarmupSeconds") < w.getInteger("jitSettleLimitSeconds");
    return String.format(", after %d s of warm-up (%s; its compilers ran %.2f s while measured)",
        w.getInteger("readWarmupSeconds"), settled ? "the JIT settled" : "the JIT had not settled by then",
        w.getDouble("jitSecondsWhileMeasured"));
  }

  /** How busy the server was meanwhile: whether the figure is its CPU's limit or a wait's. */
  private static String cores(JsonObject load) {
    return load.containsKey("serverCpuCores")
        ? String.format(" (server %.2f of a core)", load.getDouble("serverCpuCores"))
        : "";
  }

  /**
   * Target 1b: p99 at half the measured throughput, from each request's due time. Met on the
   * gateway's own p99; a gross regression only when what it adds over the hello at the same rate
   * (the client's and the machine's share, measured alongside) passes four times the target.
   */
  private void readLatency(JsonObject raw) {
    JsonObject gw = raw.getJsonObject("gateway-open").getJsonObject("latency");
    JsonObject hello = raw.getJsonObject("hello-open").getJsonObject("latency");
    double p99 = gw.getDouble("p99Ms");
    double added = Math.max(p99 - hello.getDouble("p99Ms"), 0.01);
    add("1b", String.format("cached read at %,d req/s (open model), p50 / p99",
            raw.getJsonObject("gateway-open").getInteger("ratePerSecond")),
        String.format("%.2f / %.2f ms", gw.getDouble("p50Ms"), p99),
        String.format("hello at the same rate: %.2f / %.2f ms", hello.getDouble("p50Ms"), hello.getDouble("p99Ms")),
        String.format("p99 +%.2f ms over the hello", added), "p99 < 10 ms", 10.0 / Math.max(p99, 0.01));
    targets.getJsonObject(targets.size() - 1).put("grossRegression", gross("1b", 10.0 / added));
  }

  /**
   * Target 2: the gateway's check over the terminal's raw file round trip, p50 and p99: as a
   * clinic's day runs it (a few checks after a start) and, in a full run, after a longer warm-up.
   */
  private void checkLatency(JsonObject raw) {
    checkLatency(raw.getJsonObject("checks"), raw.getJsonObject("roundtrip"), "");
    JsonObject warm = raw.getJsonObject("checks-warm");
    if (warm != null) {
      checkLatency(warm, raw.getJsonObject("roundtrip"), " warm");
    }
  }

  private void checkLatency(JsonObject checks, JsonObject roundtrip, String label) {
    JsonObject gw = checks.getJsonObject("summary");
    JsonObject rt = roundtrip.getJsonObject("summary");
    for (String q : new String[] {"p50", "p99"}) {
      double added = gw.getDouble(q + "Ms") - rt.getDouble(q + "Ms");
      double limit = q.equals("p50") ? 2 : 10;
      JsonObject cpu = checks.getJsonObject("cpuPerCheck");
      String measured = gw.getDouble(q + "Ms") + " ms" + (cpu == null || !q.equals("p50") ? ""
          : String.format(" (CPU a check: the gateway %.1f ms, PostgreSQL %.1f ms)", cpu.getDouble("gatewayMs"),
              cpu.getDouble("postgresqlMs", 0.0)));
      add("2 " + q + label, String.format("check by insurance numbers, %s, after %,d%s checks", q,
              checks.getInteger("warmup"), label.isEmpty() ? "" : " more"), measured,
          "file round trip (b): " + rt.getDouble(q + "Ms") + " ms", String.format("+%.1f ms", added),
          String.format("added < %.0f ms", limit), limit / Math.max(added, 0.01));
    }
  }

  /** Target 3: live-card's figure (card inserted → check.answered on the desk's WebSocket). */
  private void card(JsonObject raw, String note) {
    JsonObject card = raw.getJsonObject("card");
    if (card == null) {
      targets.add(new JsonObject().put("target", "3").put("what", "card to screen")
          .put("skipped", note.isEmpty() ? "not measured" : note).put("grossRegression", false));
      return;
    }
    double p50 = card.getJsonObject("summary").getDouble("p50Ms");
    double limit = card.getJsonObject("target").getDouble("p50LimitMs");
    JsonObject b = card.getJsonObject("baselines");
    add("3", "card inserted → check.answered on the WebSocket, p50", p50 + " ms",
        String.format("pcscd detection (c) %.1f ms + file round trip (b) %.1f ms",
            b.getJsonObject("pcscdDetection").getJsonObject("summary").getDouble("p50Ms"),
            b.getJsonObject("fileRoundTrip").getJsonObject("summary").getDouble("p50Ms")),
        String.format("%.1f ms over both", p50 - limit + 50), "≤ 50 ms over both", limit / Math.max(p50, 0.01));
  }

  /** {@code ofTarget}: the measured value over what the target asks (1 = just met). */
  private void add(String id, String what, String measured, String baseline, String ratio, String target,
      double ofTarget) {
    targets.add(new JsonObject().put("target", id).put("what", what).put("measured", measured)
        .put("baseline", baseline).put("ratio", ratio).put("asked", target)
        .put("ofTarget", Math.round(ofTarget * 1000) / 1000.0)
        .put("met", ofTarget >= 1).put("grossRegression", gross(id, ofTarget)));
  }

  /** Below a quarter of the target, or of what was reached while the target is not yet met. */
  private boolean gross(String id, double ofTarget) {
    if (quick && (id.equals("1b") || id.endsWith("p99"))) {
      return false;
    }
    double floor = Math.min(1.0, reached.getDouble(id, 1.0));
    return ofTarget < 0.25 * floor;
  }

  private String markdown(JsonObject result, JsonObject raw) {
    StringBuilder md = new StringBuilder();
    md.append("| target | measured | same-run baseline | ratio / added | target | verdict |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (Object o : targets) {
      JsonObject t = (JsonObject) o;
      if (t.containsKey("skipped")) {
        md.append(String.format("| %s %s | — | — | — | — | skipped: %s |%n", t.getString("target"),
            t.getString("what"), t.getString("skipped")));
        continue;
      }
      md.append(String.format("| %s %s | %s | %s | %s | %s | %s |%n", t.getString("target"), t.getString("what"),
          t.getString("measured"), t.getString("baseline"), t.getString("ratio"), t.getString("asked"),
          t.getBoolean("met") ? "met" : t.getBoolean("grossRegression") ? "**gross regression** (< ¼)" : "missed"));
    }
    JsonObject pg = raw.getJsonObject("pg");
    if (pg != null) {
      JsonObject s = pg.getJsonObject("primaryKeySelect");
      JsonObject i = pg.getJsonObject("singleRowInsertCommit");
      md.append(String.format("| (d) PostgreSQL alone, %d connections | select by primary key %,d /s (p50 %.2f, p99"
              + " %.2f ms); single-row insert commit %,d /s (p50 %.2f, p99 %.2f ms) | | | | |%n",
          pg.getInteger("connections"), s.getLong("perSecond"), s.getDouble("p50Ms"), s.getDouble("p99Ms"),
          i.getLong("perSecond"), i.getDouble("p50Ms"), i.getDouble("p99Ms")));
      JsonObject a = pg.getJsonObject("auditRowsBatched");
      if (a != null) {
        md.append(auditCeiling(a, raw.getJsonObject("hello-closed")));
      }
    }
    JsonArray timeline = raw.getJsonObject("checks").getJsonArray("timeline");
    if (timeline != null) {
      JsonObject warm = raw.getJsonObject("checks-warm");
      md.append('\n').append(CheckTimeline.markdown(timeline, warm == null ? null : warm.getJsonArray("timeline")));
    }
    JsonObject m = result.getJsonObject("machine");
    md.append(String.format("%nMachine: %d cores, %s, %s, kernel %s; load average %s before, %s after.%n",
        m.getInteger("cores"), m.getString("memTotal"), m.getString("jdk"), m.getString("kernel"),
        result.getString("loadAverageBefore"), m.getString("loadAverage")));
    return md.toString();
  }

  /**
   * Target 1a's ceiling in this run: an audited read costs the cores at least what the hello's
   * answer costs, plus what its audit row costs PostgreSQL and the pg client that sends it, so on
   * the same cores it answers at most hello / (hello + row) of the hello's rate, were everything
   * else the gateway does free.
   */
  private static String auditCeiling(JsonObject audit, JsonObject hello) {
    long rows = audit.getLong("rowsPerSecond");
    String measured = String.format("%,d rows/s (a commit's p50 %.2f ms)", rows, audit.getDouble("p50Ms"));
    if (!audit.containsKey("serverCpuCores") || !hello.containsKey("serverCpuCores")) {
      return String.format("| (d) PostgreSQL alone: audit rows, %,d a commit, one connection | %s | | | | |%n",
          audit.getInteger("rowsPerCommit"), measured);
    }
    double rowMicros = (audit.getDouble("serverCpuCores") + audit.getDouble("clientCpuCores")) / rows * 1e6;
    double helloMicros = hello.getDouble("serverCpuCores") / hello.getLong("requestsPerSecond") * 1e6;
    return String.format("| (d) audit rows as the gateway writes them, %,d a commit | %s; %.1f µs of CPU a row"
            + " (PostgreSQL %.2f and the pg client %.2f of a core) | the hello's answer: %.1f µs of CPU | at most"
            + " %.3f × the hello for a read that leaves its audit row, were the rest of the gateway free"
            + " | 1a asks ≥ 0.5 × | |%n",
        audit.getInteger("rowsPerCommit"), measured, rowMicros, audit.getDouble("serverCpuCores"),
        audit.getDouble("clientCpuCores"), helloMicros, helloMicros / (helloMicros + rowMicros));
  }
}
