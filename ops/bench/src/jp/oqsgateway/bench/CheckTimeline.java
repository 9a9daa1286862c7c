package jp.oqsgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Where the time of target 2's checks went, step by step: the client's send and receive times
 * beside the timestamps the gateway's rows keep (the check's start and end, its exchange's start,
 * the answer file's modification time and the time it was recorded, the answer's audit row;
 * PostgreSQL's {@code now()} is the start of the transaction that wrote it, an audit row's time
 * when the gateway recorded it, before its commit). One machine, one clock. Median and p90 of each step
 * over the measured checks, in the order a check goes through them; they add up to its latency.
 */
final class CheckTimeline {
  private CheckTimeline() {}

  /** One measured check: its id and when the client sent it and read its answer (epoch µs). */
  record Sent(UUID check, long sentMicros, long receivedMicros) {}

  private static final String[][] STEPS = {
    {"sent", "requested", "client sent → check insert begins (HTTP, token, validation)"},
    {"requested", "exchangeStored", "→ exchange insert begins (check committed, request built, request number)"},
    {"exchangeStored", "answerWritten", "→ answer file written (exchange committed, request file synced and renamed,"
        + " the terminal's work)"},
    {"answerWritten", "answerRecorded", "→ answer recorded (noticed, read, parsed; its transaction begins)"},
    {"answerRecorded", "audited", "→ answer's audit row recorded (the exchange's end, the file's record, the check's"
        + " end and its event committed in one transaction, the waiting request woken)"},
    {"audited", "received", "→ answer read by the client (audit row committed, response)"},
  };

  private static final String TIMES =
      "select c.id, (extract(epoch from c.requested_at) * 1000000)::bigint as requested,"
          + " (extract(epoch from x.created_at) * 1000000)::bigint as exchange_stored,"
          + " (extract(epoch from f.mtime) * 1000000)::bigint as answer_written,"
          + " (extract(epoch from f.processed_at) * 1000000)::bigint as answer_recorded,"
          + " (select (extract(epoch from min(a.read_at)) * 1000000)::bigint from audit_read a"
          + " where a.chart_patient_id = c.chart_patient_id and a.check_id = c.id) as audited"
          + " from qualification_check c join oqs_exchange x on x.id = c.exchange_id"
          + " join lateral (select mtime, processed_at from oqs_processed_file p where p.exchange_id = x.id"
          + " order by processed_at limit 1) f on true"
          + " where c.id = any($1)";

  /** The steps' medians and p90s, from the database the gateway wrote ({@code --pg…} options). */
  static JsonArray of(Map<String, String> opts, List<Sent> sent) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = OutboxProducer.pool(vertx, opts);
      Map<UUID, Row> rows = new HashMap<>();
      for (Row r : pool.preparedQuery(TIMES)
          .execute(Tuple.of(sent.stream().map(Sent::check).toArray(UUID[]::new)))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)) {
        rows.put(r.getUUID("id"), r);
      }
      Map<String, List<Long>> steps = new HashMap<>();
      for (Sent s : sent) {
        Row r = rows.get(s.check());
        if (r == null) {
          continue; // answered without a result file of its own (not expected of these checks)
        }
        Map<String, Long> at = Map.of("sent", s.sentMicros(), "requested", r.getLong("requested"),
            "exchangeStored", r.getLong("exchange_stored"), "answerWritten", r.getLong("answer_written"),
            "answerRecorded", r.getLong("answer_recorded"),
            "audited", r.getLong("audited"), "received", s.receivedMicros());
        for (String[] step : STEPS) {
          steps.computeIfAbsent(step[2], k -> new ArrayList<>()).add(at.get(step[1]) - at.get(step[0]));
        }
      }
      JsonArray out = new JsonArray();
      for (String[] step : STEPS) {
        long[] d = steps.getOrDefault(step[2], List.of()).stream().mapToLong(Long::longValue).sorted().toArray();
        if (d.length > 0) {
          out.add(new JsonObject().put("step", step[2]).put("n", d.length)
              .put("p50Ms", Bench.rank(d, 0.50) / 1000.0).put("p90Ms", Bench.rank(d, 0.90) / 1000.0));
        }
      }
      return out;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** The steps as a markdown table; with {@code warm} (or null), the same steps after a longer warm-up beside them. */
  static String markdown(JsonArray timeline, JsonArray warm) {
    StringBuilder md = new StringBuilder("| a check's step (target 2, from its rows' timestamps) | p50 | p90 |"
        + (warm == null ? "\n|---|---|---|\n" : " warm p50 | warm p90 |\n|---|---|---|---|---|\n"));
    for (int i = 0; i < timeline.size(); i++) {
      JsonObject s = timeline.getJsonObject(i);
      md.append(String.format("| %s | %.2f ms | %.2f ms |", s.getString("step"), s.getDouble("p50Ms"),
          s.getDouble("p90Ms")));
      if (warm != null && i < warm.size()) {
        md.append(String.format(" %.2f ms | %.2f ms |", warm.getJsonObject(i).getDouble("p50Ms"),
            warm.getJsonObject(i).getDouble("p90Ms")));
      }
      md.append('\n');
    }
    return md.toString();
  }
}
