package jp.oqsgateway.gateway.jobs;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.sql.Rows;

/** How jobs and their items are read from rows: one select, shared by every read. */
final class JobRows {
  private JobRows() {}

  /** A job with its counts; append a where clause ({@code j.} columns). */
  static final String SELECT_JOB =
      "select j.*, n.done, n.failed, c.outcomes from job j"
          + " left join lateral (select count(*) filter (where i.state = 'done') as done,"
          + " count(*) filter (where i.state = 'failed') as failed"
          + " from job_item i where i.job_id = j.id) n on true"
          + " left join lateral (select coalesce(jsonb_object_agg(o.outcome, o.n), '{}') as outcomes"
          + " from (select outcome, count(*) as n from job_item i"
          + " where i.job_id = j.id and i.outcome is not null group by outcome) o) c on true ";

  static Job job(Row r) {
    JsonObject outcomes = (JsonObject) r.getJson("outcomes");
    Map<String, Integer> perOutcome = new HashMap<>();
    outcomes.forEach(e -> perOutcome.put(e.getKey(), ((Number) e.getValue()).intValue()));
    return new Job(
        r.getUUID("id"),
        r.getString("kind"),
        (JsonObject) r.getJson("params"),
        r.getString("trigger"),
        r.getString("requested_by"),
        Rows.instant(r, "scheduled_slot"),
        r.getString("state"),
        r.getOffsetDateTime("created_at").toInstant(),
        Rows.instant(r, "started_at"),
        Rows.instant(r, "finished_at"),
        Optional.ofNullable(r.getString("error")),
        new Job.Counts(
            r.getInteger("total"),
            r.getLong("done").intValue(),
            r.getLong("failed").intValue(),
            perOutcome));
  }

  static JobItem item(Row r) {
    return new JobItem(
        r.getUUID("job_id"),
        r.getInteger("position"),
        r.getString("item_key"),
        (JsonObject) r.getJson("payload"),
        r.getString("state"),
        Optional.ofNullable(r.getString("outcome")),
        Optional.ofNullable(r.getString("detail")),
        Optional.ofNullable(r.getUUID("reference")),
        r.getOffsetDateTime("updated_at").toInstant());
  }

  static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
