package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * What the nightly re-inquiry last did for a patient's visits on a day: the latest ended item of a
 * {@value VisitReinquiryJob#NAME} job for that patient and date, as the planner's listing shows it.
 */
public final class ReinquiryRuns {
  /**
   * One patient's latest run for the day.
   *
   * @param checkId the re-inquiry sent, when one was
   * @param alerted what the alert named, by kind (empty unless the outcome is {@code changed})
   */
  public record LastRun(
      UUID jobId,
      Optional<UUID> checkId,
      String outcome,
      Instant finishedAt,
      List<VisitAlert.Kind> alerted) {}

  private final Pool pool;

  public ReinquiryRuns(Pool pool) {
    this.pool = pool;
  }

  /** The latest ended run for each of {@code patients} on {@code day}; absent when never run. */
  public Future<Map<String, LastRun>> latest(LocalDate day, Collection<String> patients) {
    if (patients.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(
            "select distinct on (i.item_key) i.item_key, i.job_id, i.reference, i.outcome,"
                + " i.detail, i.updated_at from job_item i join job j on j.id = i.job_id"
                + " where j.kind = $1 and i.payload->>'date' = $2 and i.item_key = any($3)"
                + " and i.state in ('done', 'failed') order by i.item_key, i.updated_at desc")
        .execute(Tuple.of(VisitReinquiryJob.NAME, day.toString(), patients.toArray(String[]::new)))
        .map(
            rows -> {
              Map<String, LastRun> byPatient = new HashMap<>();
              for (Row r : rows) {
                byPatient.put(r.getString("item_key"), of(r));
              }
              return byPatient;
            });
  }

  private static LastRun of(Row r) {
    String outcome = r.getString("outcome");
    List<VisitAlert.Kind> alerted =
        ReinquiryFollowUp.CHANGED.equals(outcome) && r.getString("detail") != null
            ? Arrays.stream(r.getString("detail").split(","))
                .flatMap(w -> VisitAlert.Kind.ofWire(w).stream())
                .toList()
            : List.of();
    return new LastRun(
        r.getUUID("job_id"),
        Optional.ofNullable(r.getUUID("reference")),
        outcome,
        Rows.instant(r, "updated_at").orElseThrow(),
        alerted);
  }
}
