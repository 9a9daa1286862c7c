package jp.oqsgateway.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.audit.AuditChain;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Target 4's history (ops/bench/growth): {@code --rows} rows generated into a fresh gateway's
 * database as its owner, {@code --per-day} a day, the newest the day before yesterday (UTC), so that
 * the gateway's own rows of today follow them.
 *
 * <p>{@code --what audit}: the read audit, chained as the gateway chains it (the hash of {@link
 * AuditChain.Link}, from the genesis, one anchor a day), so that the chain verification the gateway
 * runs at start finds it intact; streamed by COPY. Must come before the gateway writes its first
 * audit row (the chain cannot be prepended to).
 *
 * <p>{@code --what checks}: answered checks by insurance numbers, copies of the answered check
 * {@code --template} with everything one check leaves: its exchange (request and answer documents
 * as the terminal wrote them), the answer file remembered, its {@code check.answered} event (fanned
 * out and numbered), one {@code INSERT … SELECT generate_series} a table. Row {@code g} belongs to
 * chart patient {@code BENCH-%06d} of {@code (g - 1) % patients + 1}, so each patient's history is
 * spread over the whole period as a regular patient's is. Then {@link GrowthProbe#prepare}, as the
 * superuser, for the gateway's restart that follows.
 *
 * <p>Both end with {@code VACUUM (ANALYZE)} of what they filled: autovacuum would otherwise visit
 * those tables during the measure, and a table used for years is vacuumed.
 */
final class GrowthFill {
  private static final int COPY_BUFFER = 1 << 20;
  private static final String SUBJECT = "bench-chart";
  private static final List<String> ROLES = List.of("chart");
  /** A chained row has no id in its hash; ids and sequence numbers both start at 1 here. */
  private static final String AUDIT_COLUMNS =
      "read_at, subject, roles, purpose, chart_patient_id, check_id, request_id, seq, chain_day, prev_hash, hash";

  private GrowthFill() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    long rows = Long.parseLong(Bench.required(opts, "rows"));
    int perDay = Bench.intOpt(opts, "per-day", 10_000);
    int patients = Bench.intOpt(opts, "patients", 10_000);
    LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(2).minusDays((rows - 1) / perDay);
    JsonObject result = new JsonObject().put("rows", rows).put("perDay", perDay).put("patients", patients)
        .put("firstDay", first.toString());
    try (Connection c = connect(opts, Bench.required(opts, "pg-user"), Bench.required(opts, "pg-password-file"))) {
      String what = Bench.required(opts, "what");
      switch (what) {
        case "audit" -> audit(c, rows, perDay, patients, first, result);
        case "checks" -> {
          checks(c, UUID.fromString(Bench.required(opts, "template")), rows, perDay, patients, first, result);
          result.mergeIn(GrowthProbe.prepare(opts));
        }
        default -> throw new IllegalArgumentException("--what audit|checks, not " + what);
      }
    }
    return result.put("machine", Bench.machine());
  }

  /** A JDBC connection (COPY, VACUUM) to the bench gateway's database, {@code --pg} host:port. */
  static Connection connect(Map<String, String> opts, String user, String passwordFile)
      throws SQLException, IOException {
    return DriverManager.getConnection("jdbc:postgresql://" + Bench.required(opts, "pg") + "/"
        + opts.getOrDefault("pg-database", "oqsgw"), user, Files.readString(Path.of(passwordFile)).trim());
  }

  private static void audit(Connection c, long rows, int perDay, int patients, LocalDate first, JsonObject result)
      throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from audit_read where seq is not null")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        throw new IllegalStateException("the audit chain has begun: generated rows can only come first");
      }
    }
    c.setAutoCommit(false);
    long start = System.nanoTime();
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
        .copyIn("copy audit_read (" + AUDIT_COLUMNS + ") from stdin");
    StringBuilder lines = new StringBuilder(COPY_BUFFER + 1024);
    HexFormat hex = HexFormat.of();
    byte[] prev = AuditChain.GENESIS;
    long microsApart = 86_400_000_000L / perDay;
    for (long g = 1; g <= rows; g++) {
      LocalDate day = first.plusDays((g - 1) / perDay);
      Instant readAt = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusNanos((g - 1) % perDay * microsApart * 1000);
      String purpose = g % 10 == 0 ? "check-created" : "latest-qualification";
      String patient = String.format("BENCH-%06d", g * 7919 % patients + 1);
      UUID check = UUID.nameUUIDFromBytes(("growth-check-" + g).getBytes(StandardCharsets.UTF_8));
      String requestId = Long.toHexString(check.getLeastSignificantBits() | Long.MIN_VALUE);
      byte[] hash = new AuditChain.Link(g, day, readAt, SUBJECT, ROLES, purpose, Optional.of(patient), Optional.of(check),
          Optional.of(requestId), Optional.empty(), Optional.empty(), Optional.empty()).hash(prev);
      lines.append(readAt).append('\t').append(SUBJECT).append("\t{chart}\t").append(purpose).append('\t')
          .append(patient).append('\t').append(check).append('\t').append(requestId).append('\t').append(g)
          .append('\t').append(day).append("\t\\\\x").append(hex.formatHex(prev)).append("\t\\\\x")
          .append(hex.formatHex(hash)).append('\n');
      prev = hash;
      if (lines.length() >= COPY_BUFFER) {
        write(copy, lines);
      }
    }
    write(copy, lines);
    copy.endCopy();
    long anchors;
    try (Statement s = c.createStatement()) {
      anchors = s.executeUpdate("insert into audit_chain_anchor (chain_day, first_seq, first_id, prev_hash)"
          + " select distinct on (chain_day) chain_day, seq, id, prev_hash from audit_read"
          + " where seq is not null order by chain_day, seq");
    }
    c.commit();
    result.put("auditRows", rows).put("anchors", anchors).put("insertSeconds", seconds(start));
    vacuum(c, List.of("audit_read", "audit_chain_anchor"), result);
  }

  private static void write(CopyIn copy, StringBuilder lines) throws SQLException {
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    lines.setLength(0);
  }

  /** Row g's time: {@code per-day} rows a day from the first day's midnight (UTC), evenly apart. */
  private static final String AT =
      " cross join lateral (select $2::timestamptz + ((g - 1) / $3) * interval '1 day'"
          + " + ((g - 1) % $3) * (86400000000 / $3) * interval '1 microsecond' as at) t";
  /** Row g's check id, also its exchange's (as the gateway gives an exchange its check's id). */
  private static final String ID = timeOrdered("'growth-check-' || g", "t.at");

  /**
   * A UUID of version 7 as the gateway makes row keys ({@code sql.RowIds}): the millisecond of
   * {@code at} first, then bits of the md5 of {@code seed} (the same for the same row, so that the
   * tables agree on it) with the version and variant set.
   */
  private static String timeOrdered(String seed, String at) {
    String md5 = "md5(" + seed + ")";
    return "(lpad(to_hex((extract(epoch from " + at + ") * 1000)::bigint), 12, '0') || '7' || substr(" + md5
        + ", 14, 3) || '8' || substr(" + md5 + ", 18, 15))::uuid";
  }
  /** Row g's chart patient. */
  private static final String PATIENT = " cross join lateral (select 'BENCH-' || lpad(((g - 1) % $4 + 1)::text, 6,"
      + " '0') as id) p";
  /** A request or result file name of row g: the day and its number within the day, as the link names them. */
  private static String file(String kind) {
    return "'OQSsiquc01" + kind + "_' || to_char(t.at, 'YYYYMMDD') || lpad(((g - 1) % $3 + 1)::text, 5, '0') || '.xml'";
  }

  private static void checks(Connection c, UUID template, long rows, int perDay, int patients, LocalDate first,
      JsonObject result) throws SQLException {
    String series = " from generate_series(1, $1::bigint) g" + AT + PATIENT;
    JsonObject took = new JsonObject();
    c.setAutoCommit(false);
    fill(c, took, "oqs_exchange", "insert into oqs_exchange (id, kind, state, req_dir, request_file,"
        + " arbitrary_file_identifier, institution_code, probe, reask_count, request_charset, request_bytes,"
        + " created_at, written_at, picked_up_at, deadline_at, finished_at, result_file, result_bytes)"
        + " select " + ID + ", x.kind, x.state, x.req_dir, " + file("req") + ", 'GW' || to_char(t.at, 'YYYYMMDD')"
        + " || lpad(((g - 1) % $3 + 1)::text, 5, '0') || '-' || left(" + ID + "::text, 8), x.institution_code, false,"
        + " 0, x.request_charset, x.request_bytes, t.at, t.at, t.at + interval '30 ms', t.at + interval '2 min',"
        + " t.at + interval '80 ms', " + file("res") + ", x.result_bytes"
        + series + " cross join oqs_exchange x where x.id = $5", rows, first, perDay, patients, template);
    fill(c, took, "qualification_check", "insert into qualification_check (id, source, requested_by,"
        + " chart_patient_id, state, request, exchange_id, result, requested_at, finished_at)"
        + " select " + ID + ", q.source, q.requested_by, p.id, q.state, jsonb_set(jsonb_set(q.request,"
        + " '{chartPatientId}', to_jsonb(p.id)), '{confirmationDate}', to_jsonb(to_char(t.at, 'YYYY-MM-DD'))), "
        + ID + ", q.result, t.at, t.at + interval '80 ms'"
        + series + " cross join qualification_check q where q.id = $5", rows, first, perDay, patients, template);
    fill(c, took, "oqs_processed_file", "insert into oqs_processed_file (folder, name, sha256, size, mtime,"
        + " outcome, exchange_id, processed_at)"
        + " select f.folder, " + file("res") + ", encode(sha256(convert_to(" + ID + "::text, 'UTF8')), 'hex'),"
        + " f.size, t.at + interval '70 ms', f.outcome, " + ID + ", t.at + interval '80 ms'"
        + series + " cross join oqs_processed_file f where f.exchange_id = $5", rows, first, perDay, patients,
        template);
    fill(c, took, "outbox_event", "insert into outbox_event (id, type, occurred_at, payload, recorded_at,"
        + " fanned_out_at, feed_seq)"
        + " select " + timeOrdered("'growth-event-' || g", "t.at + interval '80 ms'") + ", e.type, t.at + interval '80 ms', jsonb_set(jsonb_set(e.payload,"
        + " '{checkId}', to_jsonb(" + ID + "::text)), '{chartPatientId}', to_jsonb(p.id)), t.at + interval '80 ms',"
        + " t.at + interval '90 ms', (select max(feed_seq) from outbox_event) + g"
        + series + " cross join outbox_event e where e.type = 'check.answered' and e.payload->>'checkId' = $5::text",
        rows, first, perDay, patients, template);
    c.commit();
    result.put("checkRows", rows).put("insertSeconds", took);
    vacuum(c, List.of("oqs_exchange", "qualification_check", "oqs_processed_file", "outbox_event"), result);
  }

  /**
   * Runs one table's {@code INSERT … SELECT}: $1 rows, $2 the first day's midnight (UTC), $3 rows a
   * day, $4 patients, $5 the template check (written into the text: JDBC binds {@code ?}, not {@code
   * $n}, and they are numbers, a date and a UUID of this class's own).
   */
  private static void fill(Connection c, JsonObject took, String table, String sql, long rows, LocalDate first,
      int perDay, int patients, UUID template) throws SQLException {
    long start = System.nanoTime();
    String bound = sql.replace("$1", Long.toString(rows))
        .replace("$2", "'" + first.atStartOfDay().atOffset(ZoneOffset.UTC) + "'")
        .replace("$3", Integer.toString(perDay))
        .replace("$4", Integer.toString(patients))
        .replace("$5", "'" + template + "'::uuid");
    try (Statement s = c.createStatement()) {
      long inserted = s.executeUpdate(bound);
      if (inserted != rows) {
        throw new IllegalStateException(table + ": " + inserted + " rows inserted of " + rows + " (template missing?)");
      }
    }
    took.put(table, seconds(start));
  }

  private static void vacuum(Connection c, List<String> tables, JsonObject result) throws SQLException {
    c.setAutoCommit(true);
    long start = System.nanoTime();
    try (Statement s = c.createStatement()) {
      s.execute("vacuum (analyze) " + String.join(", ", tables));
    }
    result.put("vacuumSeconds", seconds(start));
  }

  private static double seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
  }
}
