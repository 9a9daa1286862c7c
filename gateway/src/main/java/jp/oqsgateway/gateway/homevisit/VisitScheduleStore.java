package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.RowIds;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for the home-visit schedule ({@code home_visit_schedule}): a day's active visits, replaced
 * all at once or added one by one; a cancelled visit stays, marked, for audit.
 */
public final class VisitScheduleStore {
  private static final String COLUMNS =
      "id, chart_patient_id, visit_kind, care_form, visit_date, team, visit_time, created_at,"
          + " created_by";

  /** What replacing a day did: visits created, kept as they were (time updated), cancelled. */
  public record Replaced(int created, int kept, int cancelled) {}

  /** A visit added, and whether it is new (false: the same visit was on the schedule already). */
  public record Added(ScheduledVisit visit, boolean created) {}

  private final Pool pool;

  public VisitScheduleStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Makes the day's active visits of {@code team} (all teams when empty) exactly {@code visits}:
   * the same visit is kept (its time updated), a visit no longer planned is cancelled, a new one
   * created. Posting the same day twice changes nothing the second time. Days are replaced one at a
   * time (a transaction-scoped lock on the day).
   */
  public Future<Replaced> replaceDay(
      LocalDate day, Optional<String> team, List<ScheduledVisit.Planned> visits, String by) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "select 1 from pg_advisory_xact_lock(hashtext('home_visit_schedule'), $1)")
                .execute(Tuple.of((int) day.toEpochDay()))
                .compose(
                    v ->
                        tx.preparedQuery(
                                "select "
                                    + COLUMNS
                                    + " from home_visit_schedule where visit_date = $1"
                                    + " and ($2::text is null or team = $2)"
                                    + " and cancelled_at is null")
                            .execute(Tuple.of(day, team.orElse(null))))
                .compose(
                    rows -> {
                      Map<String, ScheduledVisit> active = new HashMap<>();
                      for (Row r : rows) {
                        ScheduledVisit s = toVisit(r);
                        active.put(key(s), s);
                      }
                      return apply(tx, day, active, visits, by);
                    }));
  }

  private Future<Replaced> apply(
      SqlClient tx,
      LocalDate day,
      Map<String, ScheduledVisit> active,
      List<ScheduledVisit.Planned> visits,
      String by) {
    List<Tuple> inserts = new ArrayList<>();
    List<Tuple> times = new ArrayList<>();
    for (ScheduledVisit.Planned p : visits) {
      ScheduledVisit kept = active.remove(p.key());
      if (kept == null) {
        inserts.add(insertTuple(day, p, by));
      } else if (!kept.time().equals(p.time())) {
        times.add(Tuple.of(kept.id(), p.time().orElse(null)));
      }
    }
    List<Tuple> cancels = new ArrayList<>();
    active.values().forEach(s -> cancels.add(Tuple.of(s.id(), by)));
    int kept = visits.size() - inserts.size();
    return batch(tx, INSERT, inserts)
        .compose(
            v -> batch(tx, "update home_visit_schedule set visit_time = $2 where id = $1", times))
        .compose(
            v ->
                batch(
                    tx,
                    "update home_visit_schedule set cancelled_at = now(), cancelled_by = $2"
                        + " where id = $1",
                    cancels))
        .map(v -> new Replaced(inserts.size(), kept, cancels.size()));
  }

  /** Adds one visit; the same visit already on the schedule is answered as it is. */
  public Future<Added> add(LocalDate day, ScheduledVisit.Planned p, String by) {
    Tuple insert = insertTuple(day, p, by);
    return pool.preparedQuery(INSERT)
        .execute(insert)
        .compose(
            rows ->
                pool.preparedQuery(
                        "select "
                            + COLUMNS
                            + " from home_visit_schedule where visit_date = $1 and team = $2"
                            + " and chart_patient_id = $3 and visit_kind = $4 and care_form = $5"
                            + " and cancelled_at is null")
                    .execute(
                        Tuple.of(
                            day,
                            p.team(),
                            p.chartPatientId(),
                            ScheduledVisit.wire(p.visit().kind()),
                            p.visit().careForm().wire()))
                    .map(
                        found ->
                            new Added(toVisit(found.iterator().next()), rows.rowCount() == 1)));
  }

  /** The day's active visits of a team (all when empty), by team, time (untimed last), patient. */
  public Future<List<ScheduledVisit>> day(LocalDate day, Optional<String> team) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from home_visit_schedule where visit_date = $1"
                + " and ($2::text is null or team = $2) and cancelled_at is null"
                + " order by team, visit_time nulls last, chart_patient_id, visit_kind, care_form")
        .execute(Tuple.of(day, team.orElse(null)))
        .map(rows -> Rows.all(rows, VisitScheduleStore::toVisit));
  }

  /** One patient's active visits on a day, in the order of {@link #day}. */
  public Future<List<ScheduledVisit>> ofPatient(LocalDate day, String chartPatientId) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from home_visit_schedule where visit_date = $1"
                + " and chart_patient_id = $2 and cancelled_at is null"
                + " order by team, visit_time nulls last, visit_kind, care_form")
        .execute(Tuple.of(day, chartPatientId))
        .map(rows -> Rows.all(rows, VisitScheduleStore::toVisit));
  }

  /** Cancels a visit, keeping it; false when there is no such visit (cancelled or not). */
  public Future<Boolean> cancel(UUID id, String by) {
    return pool.preparedQuery(
            "update home_visit_schedule set cancelled_at = coalesce(cancelled_at, now()),"
                + " cancelled_by = coalesce(cancelled_by, $2) where id = $1")
        .execute(Tuple.of(id, by))
        .map(rows -> rows.rowCount() == 1);
  }

  private static final String INSERT =
      "insert into home_visit_schedule (id, visit_date, team, chart_patient_id, visit_kind,"
          + " care_form, visit_time, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8)"
          + " on conflict (visit_date, team, chart_patient_id, visit_kind, care_form)"
          + " where cancelled_at is null do nothing";

  private static Tuple insertTuple(LocalDate day, ScheduledVisit.Planned p, String by) {
    return Tuple.of(
        RowIds.next(),
        day,
        p.team(),
        p.chartPatientId(),
        ScheduledVisit.wire(p.visit().kind()),
        p.visit().careForm().wire(),
        p.time().orElse(null),
        by);
  }

  private static Future<Void> batch(SqlClient tx, String sql, List<Tuple> tuples) {
    return tuples.isEmpty()
        ? Future.succeededFuture()
        : tx.preparedQuery(sql).executeBatch(tuples).mapEmpty();
  }

  private static String key(ScheduledVisit s) {
    return new ScheduledVisit.Planned(s.chartPatientId(), s.visit(), s.team(), s.time()).key();
  }

  private static ScheduledVisit toVisit(Row r) {
    VisitKind kind = VisitKind.valueOf(r.getString("visit_kind").toUpperCase(Locale.ROOT));
    return new ScheduledVisit(
        r.getUUID("id"),
        r.getString("chart_patient_id"),
        new VisitKind.Named(kind, CareForm.fromWire(r.getString("care_form")).orElseThrow()),
        r.getLocalDate("visit_date"),
        r.getString("team"),
        Optional.ofNullable(r.getLocalTime("visit_time")),
        r.getOffsetDateTime("created_at").toInstant(),
        r.getString("created_by"));
  }
}
