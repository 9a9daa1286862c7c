package jp.oqsgateway.gateway.qualification;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * The columns of {@code qualification_check} and how a row becomes a {@link QualificationCheck}.
 */
final class CheckRows {
  static final String COLUMNS =
      "id, source, requested_by, chart_patient_id, state, failure_reason, failure_detail, request,"
          + " exchange_id, result, requested_at, finished_at, queued_at, stale_of, stale_result,"
          + " stale_answered_at, rerun_at, desk, reader";

  /**
   * {@link #COLUMNS} but {@code result}: what the update that stores an answer returns, since the
   * caller holds the answer (kilobytes of JSON, not sent back and parsed again).
   */
  static final String COLUMNS_BUT_RESULT = COLUMNS.replace(" result,", "");

  private CheckRows() {}

  static Optional<QualificationCheck> first(RowSet<Row> rows) {
    return Rows.first(rows, CheckRows::toCheck);
  }

  static List<QualificationCheck> all(RowSet<Row> rows) {
    return Rows.all(rows, CheckRows::toCheck);
  }

  static QualificationCheck toCheck(Row r) {
    return toCheck(r, Optional.ofNullable((JsonObject) r.getJson("result")));
  }

  /** A row of {@link #COLUMNS_BUT_RESULT}, with the result the caller holds. */
  static QualificationCheck toCheck(Row r, Optional<JsonObject> result) {
    return new QualificationCheck(
        r.getUUID("id"),
        r.getString("source"),
        r.getString("requested_by"),
        Optional.ofNullable(r.getString("chart_patient_id")),
        CheckState.valueOf(r.getString("state")),
        Optional.ofNullable(r.getString("failure_reason")).map(CheckFailure::valueOf),
        Optional.ofNullable(r.getString("failure_detail")),
        (JsonObject) r.getJson("request"),
        Optional.ofNullable(r.getUUID("exchange_id")),
        result,
        instant(r.getOffsetDateTime("requested_at")),
        Optional.ofNullable(r.getOffsetDateTime("finished_at")).map(CheckRows::instant),
        Optional.ofNullable(r.getOffsetDateTime("queued_at")).map(CheckRows::instant),
        Optional.ofNullable(r.getUUID("stale_of"))
            .map(
                of ->
                    new QualificationCheck.Stale(
                        of,
                        (JsonObject) r.getJson("stale_result"),
                        instant(r.getOffsetDateTime("stale_answered_at")))),
        Optional.ofNullable(r.getOffsetDateTime("rerun_at")).map(CheckRows::instant),
        Optional.ofNullable(r.getString("desk")),
        Optional.ofNullable(r.getString("reader")));
  }

  private static Instant instant(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
