package jp.oqsgateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What ops/bench/growth reads of a grown database besides the latencies: the read audit's chain
 * verification at start ({@code growth-chain}), and ({@code growth-probe}) each grown table's and
 * index's size on disk and the plans of the statements the gateway runs for a read and a check,
 * as PostgreSQL executed them: {@code auto_explain} (shipped with the embedded PostgreSQL), loaded
 * into the gateway's sessions by {@link #prepare} before the gateway starts and switched on
 * ({@code EXPLAIN (ANALYZE, BUFFERS)} of every statement, into PostgreSQL's log) only for a few
 * reads and checks after the measure, so that it costs the measured requests nothing.
 */
final class GrowthProbe {
  /** The tables a check by insurance numbers fills, then the read audit's. */
  static final List<String> CHECK_TABLES =
      List.of("qualification_check", "oqs_exchange", "oqs_processed_file", "outbox_event");

  static final List<String> AUDIT_TABLES = List.of("audit_read", "audit_chain_anchor");
  private static final String SUPERUSER = "postgres";
  /** Statements at least this slow are logged with their plan all along (without ANALYZE: no overhead). */
  private static final int SLOW_MS = 100;

  /** For the plans of a few requests: every statement, with EXPLAIN (ANALYZE, BUFFERS). */
  private static final List<String> EXPLAIN_SETTINGS = List.of(
      "auto_explain.log_min_duration = 0", "auto_explain.log_analyze = on", "auto_explain.log_buffers = on");
  /** A log entry's first line ({@code log_line_prefix} '%m [%p] '). */
  private static final Pattern ENTRY = Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[\\d+\\] ");
  private static final Pattern DURATION = Pattern.compile("duration: ([0-9.]+) ms\\s+plan:");

  private GrowthProbe() {}

  /**
   * Loads auto_explain into the sessions the application role opens from now on (the gateway's, once
   * restarted), logging the plan of any statement that takes {@link #SLOW_MS} or more: a statement
   * whose cost grows with a table shows there, whenever it runs (at start, on a timer).
   */
  static JsonObject prepare(Map<String, String> opts) throws Exception {
    try (Connection c = superuser(opts); Statement s = c.createStatement()) {
      s.execute("alter role " + opts.getOrDefault("app-role", "oqsgw_app")
          + " set session_preload_libraries = 'auto_explain'");
      s.execute("load 'auto_explain'");
      s.execute("alter system set auto_explain.log_format = 'json'");
      s.execute("alter system set auto_explain.log_min_duration = " + SLOW_MS);
      s.execute("select pg_reload_conf()");
    }
    return new JsonObject().put("slowStatementsLoggedFromMs", SLOW_MS);
  }

  /**
   * Waits for the gateway's first verification of the read audit's chain since its start (the whole
   * chain: oqsgw_audit_chain_last_verification_timestamp_seconds becomes non-zero) and reports how long
   * it took from this command's start, the gateway's CPU meanwhile, the rows verified and whether intact,
   * and the gateway's resident memory then.
   */
  static JsonObject chain(Map<String, String> opts) throws Exception {
    String url = Bench.required(opts, "metrics");
    String pid = Bench.required(opts, "gateway-pid");
    int limit = Bench.intOpt(opts, "time-limit", 3600);
    long start = System.nanoTime();
    double cpuBefore = Bench.cpuSeconds(pid);
    HttpClient http = HttpClient.newHttpClient();
    while (true) {
      Map<String, Double> m = metrics(http, url);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (m.getOrDefault("oqsgw_audit_chain_last_verification_timestamp_seconds", 0.0) > 0) {
        return new JsonObject()
            .put("what", "the gateway's verification of the whole audit chain at start, from ready to its end")
            .put("seconds", Math.round(seconds * 10) / 10.0)
            .put("gatewayCpuSeconds", Math.round((Bench.cpuSeconds(pid) - cpuBefore) * 10) / 10.0)
            .put("rowsVerified", m.getOrDefault("oqsgw_audit_chain_verified_rows_total", -1.0).longValue())
            .put("intact", m.getOrDefault("oqsgw_audit_chain_intact", -1.0) == 1.0)
            .put("gatewayRssMb", Bench.rssMb(Long.parseLong(pid)));
      }
      if (seconds > limit) {
        throw new IllegalStateException("the audit chain was not verified within " + limit + " s");
      }
      Thread.sleep(200);
    }
  }

  private static Map<String, Double> metrics(HttpClient http, String url) throws Exception {
    Map<String, Double> m = new HashMap<>();
    http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body()
        .lines().filter(l -> l.startsWith("oqsgw_audit_chain_"))
        .forEach(l -> m.put(l.replaceAll("[{ ].*", ""), Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))));
    return m;
  }

  /**
   * The tables' sizes, then a few reads ({@code --path}, {@code --ids}) and checks ({@code --body})
   * through the gateway with every statement's plan logged, and those plans read back from {@code
   * --pg-log} (the folder of PostgreSQL's log files).
   */
  static JsonObject run(Map<String, String> opts) throws Exception {
    JsonObject result = new JsonObject();
    try (Connection c = superuser(opts)) {
      result.put("checkTables", sizes(c, CHECK_TABLES)).put("auditTables", sizes(c, AUDIT_TABLES));
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_database_size(current_database())")) {
        rs.next();
        result.put("databaseBytes", rs.getLong(1));
      }
      Path logs = Path.of(Bench.required(opts, "pg-log"));
      Map<Path, Long> before = logSizes(logs);
      result.put("slowStatements", plans(newLog(logs, Map.of())));
      explain(c, true);
      try {
        Map<String, String> reads = new HashMap<>(opts);
        reads.putAll(Map.of("rate", "10", "warmup", "0", "seconds", "3", "connections", "2", "threads", "1"));
        result.put("reads", HttpLoad.open(reads).getJsonObject("latency"));
        Map<String, String> checks = new HashMap<>(opts);
        checks.putAll(Map.of("runs", "5", "warmup", "0"));
        result.put("checks", CheckLatency.run(checks).getJsonObject("summary"));
      } finally {
        explain(c, false);
      }
      Thread.sleep(1000); // the logging collector's last lines
      result.put("statements", plans(newLog(logs, before)));
    }
    return result.put("machine", Bench.machine());
  }

  private static Connection superuser(Map<String, String> opts) throws SQLException, IOException {
    return GrowthFill.connect(opts, SUPERUSER, Bench.required(opts, "pg-superuser-password-file"));
  }

  /** Every statement's plan into the log from now on, or again only the slow ones'. */
  private static void explain(Connection c, boolean on) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("load 'auto_explain'");
      for (String setting : EXPLAIN_SETTINGS) {
        s.execute(on ? "alter system set " + setting : "alter system reset " + setting.replaceAll(" =.*", ""));
      }
      if (!on) {
        s.execute("alter system set auto_explain.log_min_duration = " + SLOW_MS);
      }
      s.execute("select pg_reload_conf()");
    }
    try {
      Thread.sleep(500); // each session reads the new settings before its next statement
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Per table: rows (as ANALYZE counted them), heap with TOAST, each index, and the total. */
  private static JsonObject sizes(Connection c, List<String> tables) throws SQLException {
    JsonObject out = new JsonObject();
    for (String t : tables) {
      JsonObject indexes = new JsonObject();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select i.indexrelid::regclass::text, pg_relation_size(i.indexrelid)"
              + " from pg_index i where i.indrelid = '" + t + "'::regclass order by 1")) {
        while (rs.next()) {
          indexes.put(rs.getString(1), rs.getLong(2));
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select c.reltuples::bigint, pg_table_size(c.oid), pg_indexes_size(c.oid),"
              + " pg_total_relation_size(c.oid) from pg_class c where c.oid = '" + t + "'::regclass")) {
        rs.next();
        out.put(t, new JsonObject().put("rows", rs.getLong(1)).put("tableBytes", rs.getLong(2))
            .put("indexBytes", rs.getLong(3)).put("totalBytes", rs.getLong(4)).put("indexes", indexes));
      }
    }
    return out;
  }

  private static Map<Path, Long> logSizes(Path dir) throws IOException {
    Map<Path, Long> sizes = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        sizes.put(f, Files.size(f));
      }
    }
    return sizes;
  }

  /** What the log files gained since {@code before} (a file may have been rotated in meanwhile). */
  private static String newLog(Path dir, Map<Path, Long> before) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        byte[] all = Files.readAllBytes(f);
        int from = (int) Math.min(all.length, before.getOrDefault(f, 0L));
        text.append(new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return text.toString();
  }

  /**
   * The plans in the log, by statement (its text with its whitespace folded): how often it ran, its
   * mean and greatest duration, and its last plan: the nodes with their indexes, and the shared
   * buffers it hit and read (the top node's, which include its children's).
   */
  static JsonArray plans(String log) {
    Map<String, JsonObject> byText = new LinkedHashMap<>();
    var starts = ENTRY.matcher(log).results().mapToInt(r -> r.start()).toArray();
    for (int i = 0; i < starts.length; i++) {
      String entry = log.substring(starts[i], i + 1 < starts.length ? starts[i + 1] : log.length());
      var d = DURATION.matcher(entry);
      if (!d.find()) {
        continue;
      }
      JsonObject plan = new JsonObject(entry.substring(d.end()).trim());
      String text = plan.getString("Query Text", "?").replaceAll("\\s+", " ").trim();
      JsonObject top = plan.getJsonObject("Plan", new JsonObject());
      JsonObject s = byText.computeIfAbsent(text, k -> new JsonObject().put("query", k).put("calls", 0)
          .put("totalMs", 0.0).put("maxMs", 0.0));
      double ms = Double.parseDouble(d.group(1));
      s.put("calls", s.getInteger("calls") + 1).put("totalMs", s.getDouble("totalMs") + ms)
          .put("maxMs", Math.max(s.getDouble("maxMs"), ms)).put("lastMs", ms)
          .put("nodes", nodes(top)).put("sharedHit", top.getLong("Shared Hit Blocks", 0L))
          .put("sharedRead", top.getLong("Shared Read Blocks", 0L)).put("plan", plan);
    }
    JsonArray out = new JsonArray();
    byText.values().forEach(s -> out.add(s.put("meanMs",
        Math.round(s.getDouble("totalMs") / s.getInteger("calls") * 1000) / 1000.0)));
    return out;
  }

  /**
   * How a plan reaches its rows: its scans with their index or table ("Index Scan on
   * qualification_check_patient"), depth first; the top node when it scans nothing (an insert).
   */
  private static String nodes(JsonObject top) {
    List<String> scans = new java.util.ArrayList<>();
    scans(top, scans);
    return scans.isEmpty() ? top.getString("Node Type", "?") + on(top) : String.join(", ", scans);
  }

  private static void scans(JsonObject node, List<String> into) {
    String type = node.getString("Node Type", "?");
    if (type.contains("Scan") && !type.equals("CTE Scan") && !type.equals("Subquery Scan")
        && !type.equals("Function Scan")) {
      into.add(type + on(node));
    }
    node.getJsonArray("Plans", new JsonArray()).forEach(child -> scans((JsonObject) child, into));
  }

  private static String on(JsonObject node) {
    return node.containsKey("Index Name") ? " on " + node.getString("Index Name")
        : node.containsKey("Relation Name") ? " on " + node.getString("Relation Name") : "";
  }
}
