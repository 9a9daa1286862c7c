package jp.oqsgateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * ops/bench/growth's results: per size, the parts in {@code --dir} ({@code NAME-ROWS.json}: fill-audit,
 * fill-checks, probe; {@code NAME-ROWS-ROUND.json}, once a round: chain, hello, read, checks; {@code
 * data-ROWS.txt}: the data folder's bytes) side by side, each measure's median over the rounds, each
 * latency of the largest size over the smallest's (flat: at most 1.2), the disk a million checks and a
 * million audit rows cost, and the Markdown table for docs/PERFORMANCE.md.
 */
final class GrowthReport {
  /** The parts measured once a round ({@code NAME-ROWS-ROUND.json}). */
  private static final String[] ROUND_PARTS = {"chain", "hello", "read", "checks"};

  /** What "flat" allows: the largest size's figure at most this times the smallest's. */
  private static final double FLAT = 1.2;

  private final Path dir;
  private final List<Long> sizes;

  private GrowthReport(Path dir, List<Long> sizes) {
    this.dir = dir;
    this.sizes = sizes;
  }

  static JsonObject run(Map<String, String> opts) throws Exception {
    List<Long> sizes = new ArrayList<>();
    for (String s : Bench.required(opts, "sizes").split(",")) {
      sizes.add(Long.parseLong(s));
    }
    GrowthReport r = new GrowthReport(Path.of(Bench.required(opts, "dir")), sizes);
    int rounds = Bench.intOpt(opts, "rounds", 1);
    JsonArray bySize = new JsonArray();
    for (long n : sizes) {
      JsonObject size = new JsonObject().put("rows", n);
      for (String part : new String[] {"fill-audit", "fill-checks", "probe"}) {
        size.put(part, r.part(part + "-" + n));
      }
      JsonArray measured = new JsonArray();
      for (int round = 1; round <= rounds; round++) {
        JsonObject m = new JsonObject().put("round", round);
        for (String part : ROUND_PARTS) {
          m.put(part, r.part(part + "-" + n + "-" + round));
        }
        measured.add(m);
      }
      size.put("rounds", measured).put("median", median(measured));
      Path data = r.dir.resolve("data-" + n + ".txt");
      size.put("dataFolderBytes", Files.exists(data) ? Long.parseLong(Files.readString(data).trim()) : -1);
      bySize.add(size);
    }
    JsonObject flat = new JsonObject();
    JsonObject first = bySize.getJsonObject(0);
    JsonObject last = bySize.getJsonObject(bySize.size() - 1);
    for (String q : new String[] {"p50Ms", "p99Ms"}) {
      flat.put("read " + q, ratio(latency(first, "read", q), latency(last, "read", q)));
      flat.put("check " + q, ratio(latency(first, "checks", q), latency(last, "checks", q)));
    }
    JsonObject result = Bench.reportHead("ops/bench/growth", opts)
        .put("flatWithin", FLAT)
        .put("largestOverSmallest", flat)
        .put("flat", flat.stream().allMatch(e -> ((Number) e.getValue()).doubleValue() <= FLAT))
        .put("diskPerMillion", new JsonObject()
            .put("checkTablesBytes", perMillion(bySize, "checkTables"))
            .put("auditTablesBytes", perMillion(bySize, "auditTables")))
        .put("sizes", bySize);
    return result.put("markdown", r.markdown(result, bySize));
  }

  private JsonObject part(String name) throws Exception {
    Path f = dir.resolve(name + ".json");
    return Files.exists(f) ? new JsonObject(Files.readString(f)) : new JsonObject();
  }

  /** A round's latency percentiles: a check's {@code summary}, a load's {@code latency}. */
  private static JsonObject percentiles(JsonObject part) {
    return part.containsKey("summary") ? part.getJsonObject("summary") : part.getJsonObject("latency", new JsonObject());
  }

  /** Per measure, each figure's median over the rounds (the rounds' own in {@code rounds}). */
  private static JsonObject median(JsonArray rounds) {
    JsonObject out = new JsonObject();
    for (String part : ROUND_PARTS) {
      JsonObject m = new JsonObject();
      for (String figure : part.equals("chain") ? new String[] {"seconds", "gatewayCpuSeconds", "gatewayRssMb"}
          : new String[] {"p50Ms", "p99Ms"}) {
        double[] v = rounds.stream().map(o -> ((JsonObject) o).getJsonObject(part))
            .map(p -> part.equals("chain") ? p : percentiles(p))
            .mapToDouble(p -> p.getDouble(figure, Double.NaN)).sorted().toArray();
        double mid = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        m.put(figure, Math.round(mid * 100) / 100.0);
      }
      if (part.equals("chain")) {
        m.put("intact", rounds.stream().allMatch(o -> ((JsonObject) o).getJsonObject(part).getBoolean("intact", false)));
      }
      out.put(part, m);
    }
    return out;
  }

  private static double latency(JsonObject size, String part, String q) {
    return size.getJsonObject("median").getJsonObject(part).getDouble(q);
  }

  /** Each round's p50 / p99 of a measure, when there were several. */
  private static String eachRound(JsonObject size, String part) {
    JsonArray rounds = size.getJsonArray("rounds");
    if (rounds.size() < 2) {
      return "";
    }
    List<String> each = new ArrayList<>();
    rounds.forEach(o -> {
      JsonObject p = percentiles(((JsonObject) o).getJsonObject(part));
      each.add(String.format("%.1f/%.0f", p.getDouble("p50Ms", Double.NaN), p.getDouble("p99Ms", Double.NaN)));
    });
    return " (rounds " + String.join(", ", each) + ")";
  }

  private static double ratio(double smallest, double largest) {
    return Math.round(largest / smallest * 100) / 100.0;
  }

  private static long totalBytes(JsonObject size, String group) {
    JsonObject tables = size.getJsonObject("probe").getJsonObject(group, new JsonObject());
    return tables.stream().mapToLong(e -> ((JsonObject) e.getValue()).getLong("totalBytes")).sum();
  }

  /** Bytes a million more rows cost: the slope between the two largest sizes. */
  private static long perMillion(JsonArray bySize, String group) {
    if (bySize.size() < 2) {
      return -1;
    }
    JsonObject a = bySize.getJsonObject(bySize.size() - 2);
    JsonObject b = bySize.getJsonObject(bySize.size() - 1);
    return Math.round((double) (totalBytes(b, group) - totalBytes(a, group)) / (b.getLong("rows") - a.getLong("rows"))
        * 1_000_000);
  }

  private String markdown(JsonObject result, JsonArray bySize) {
    StringBuilder md = new StringBuilder("| rows in the checks and audit tables |");
    StringBuilder rule = new StringBuilder("|---|");
    for (long n : sizes) {
      md.append(String.format(" %,d |", n));
      rule.append("---|");
    }
    md.append(" largest ÷ smallest |\n").append(rule).append("---|\n");
    JsonObject flat = result.getJsonObject("largestOverSmallest");
    String median = bySize.getJsonObject(0).getJsonArray("rounds").size() > 1 ? "median of the rounds, " : "";
    row(md, bySize, "read (open model, " + bySize.getJsonObject(0).getJsonArray("rounds").getJsonObject(0)
            .getJsonObject("read").getInteger("ratePerSecond", 0) + " req/s), " + median + "p50 / p99",
        s -> pair(latency(s, "read", "p50Ms"), latency(s, "read", "p99Ms"), 2) + eachRound(s, "read"),
        pair(flat.getDouble("read p50Ms"), flat.getDouble("read p99Ms"), 2, "×"));
    row(md, bySize, "hello at the same rate (what the client and machine add), p50 / p99",
        s -> pair(latency(s, "hello", "p50Ms"), latency(s, "hello", "p99Ms"), 2) + eachRound(s, "hello"), "");
    row(md, bySize, "check by insurance numbers, " + median + "p50 / p99",
        s -> pair(latency(s, "checks", "p50Ms"), latency(s, "checks", "p99Ms"), 1) + eachRound(s, "checks"),
        pair(flat.getDouble("check p50Ms"), flat.getDouble("check p99Ms"), 2, "×"));
    row(md, bySize, "load average at the read's end", s -> String.join("; ", s.getJsonArray("rounds").stream()
        .map(o -> ((JsonObject) o).getJsonObject("read").getJsonObject("machine", new JsonObject())
            .getString("loadAverage", "?")).toList()), "");
    for (String query : statements(bySize, "statements")) {
      row(md, bySize, "`" + label(query) + "`: mean ms (blocks hit / read), plan", s -> statement(s, query), "");
    }
    for (String query : statements(bySize, "slowStatements")) {
      row(md, bySize, "slow (≥ 100 ms) since the restart: `" + label(query) + "`", s -> slow(s, query), "");
    }
    row(md, bySize, "check tables on disk (a check)", s -> bytes(s, "checkTables", "qualification_check"), "");
    row(md, bySize, "audit tables on disk (a row)", s -> bytes(s, "auditTables", "audit_read"), "");
    row(md, bySize, "data folder after stop (with WAL)", s -> gb(s.getLong("dataFolderBytes")), "");
    row(md, bySize, "audit chain verified at start: s (gateway CPU s), intact", s -> {
      JsonObject c = s.getJsonObject("median").getJsonObject("chain");
      return c.getDouble("seconds") + " s (" + c.getDouble("gatewayCpuSeconds") + " s), "
          + (c.getBoolean("intact") ? "intact" : "**broken**");
    }, "");
    row(md, bySize, "gateway's RSS once the chain is verified", s -> s.getJsonObject("median").getJsonObject("chain")
        .getDouble("gatewayRssMb") + " MiB", "");
    row(md, bySize, "generated in: audit, checks (s, vacuum included)", s -> String.format("%.0f, %.0f",
        seconds(s.getJsonObject("fill-audit")), seconds(s.getJsonObject("fill-checks"))), "");
    JsonObject disk = result.getJsonObject("diskPerMillion");
    JsonObject m = result.getJsonObject("machine");
    md.append(String.format("%nA million more checks: %s on disk; a million more audit rows: %s (slope between the"
            + " two largest sizes). Flat within 20%%: %s.%nMachine: %d cores, %s, %s; load average %s before, %s"
            + " after.%n",
        gb(disk.getLong("checkTablesBytes")), gb(disk.getLong("auditTablesBytes")),
        result.getBoolean("flat") ? "yes" : "**no**", m.getInteger("cores"), m.getString("memTotal"),
        m.getString("jdk"), result.getString("loadAverageBefore"), m.getString("loadAverage")));
    return md.toString();
  }

  private void row(StringBuilder md, JsonArray bySize, String what, Function<JsonObject, String> cell, String last) {
    md.append("| ").append(what).append(" |");
    for (int i = 0; i < bySize.size(); i++) {
      md.append(' ').append(cell.apply(bySize.getJsonObject(i))).append(" |");
    }
    md.append(' ').append(last).append(" |\n");
  }

  private static String pair(double a, double b, int decimals) {
    return pair(a, b, decimals, " ms");
  }

  private static String pair(double a, double b, int decimals, String unit) {
    String f = "%." + decimals + "f";
    return String.format(f + " / " + f + "%s", a, b, unit);
  }

  private static double seconds(JsonObject fill) {
    Object insert = fill.getValue("insertSeconds", 0.0);
    double inserting = insert instanceof JsonObject byTable
        ? byTable.stream().mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum()
        : ((Number) insert).doubleValue();
    return inserting + fill.getDouble("vacuumSeconds", 0.0);
  }

  private static String bytes(JsonObject size, String group, String table) {
    long total = totalBytes(size, group);
    long rows = size.getJsonObject("probe").getJsonObject(group, new JsonObject())
        .getJsonObject(table, new JsonObject()).getLong("rows", 0L);
    return gb(total) + (rows > 0 ? String.format(" (%,d B)", total / rows) : "");
  }

  private static String gb(long bytes) {
    return bytes < 0 ? "—" : bytes >= 1L << 30 ? String.format("%.2f GiB", bytes / (double) (1L << 30))
        : String.format("%.1f MiB", bytes / (double) (1L << 20));
  }

  /** The statements on the grown tables the probe saw ({@code key}: its reads' and checks', or the slow ones). */
  private static Set<String> statements(JsonArray bySize, String key) {
    Set<String> queries = new LinkedHashSet<>();
    for (int i = 0; i < bySize.size(); i++) {
      for (Object o : bySize.getJsonObject(i).getJsonObject("probe").getJsonArray(key, new JsonArray())) {
        String q = ((JsonObject) o).getString("query");
        if (GrowthProbe.CHECK_TABLES.stream().anyMatch(q::contains) || q.contains("audit_read")) {
          queries.add(q);
        }
      }
    }
    return queries;
  }

  private static Optional<JsonObject> find(JsonObject size, String key, String query) {
    return size.getJsonObject("probe").getJsonArray(key, new JsonArray()).stream().map(o -> (JsonObject) o)
        .filter(s -> s.getString("query").equals(query)).findFirst();
  }

  private static String statement(JsonObject size, String query) {
    return find(size, "statements", query).map(s -> String.format("%.3f (%d / %d), %s", s.getDouble("meanMs"),
        s.getLong("sharedHit"), s.getLong("sharedRead"), s.getString("nodes"))).orElse("—");
  }

  private static String slow(JsonObject size, String query) {
    return find(size, "slowStatements", query).map(s -> String.format("%d× up to %,.0f ms, %s", s.getInteger("calls"),
        s.getDouble("maxMs"), s.getString("nodes"))).orElse("—");
  }

  /** A statement in a few words: its column lists folded. */
  static String label(String query) {
    String s = query.replaceAll("(?i)^select .*? from ", "select … from ")
        .replaceAll("(?i)^(insert into \\w+) \\(.*?\\) ", "$1 (…) ")
        .replaceAll("(?i) returning .*$", " returning …");
    return s.length() > 110 ? s.substring(0, 107) + "…" : s;
  }
}
