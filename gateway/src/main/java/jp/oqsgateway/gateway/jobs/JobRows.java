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
  /**
   * A job with its counts, from one pass over its ended items (grouped by state and outcome; a
   * progress event or a poll during a night of 10,000 items reads each item once, not twice).
   */
  static final String SELECT_JOB =
      "select j.*, c.done, c.failed, c.outcomes from job j left join lateral ("
          + "with g as (select i.state, i.outcome, count(*) as n from job_item i"
          + " where i.job_id = j.id and i.outcome is not null group by i.state, i.outcome)"
          + " select (select coalesce(sum(n), 0) from g where state = 'done')::bigint as done,"
          + " (select coalesce(sum(n), 0) from g where state = 'failed')::bigint as failed,"
          + " (select coalesce(jsonb_object_agg(o.outcome, o.n), '{}') from"
          + " (select outcome, sum(n)::bigint as n from g"
          + " group by outcome) o) as outcomes) c on true ";

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
