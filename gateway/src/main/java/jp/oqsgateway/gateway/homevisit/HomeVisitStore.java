package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.sql.RowIds;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for home-visit relationships ({@code home_visit_relationship}, one active per patient and
 * care form) and their claimed months ({@code home_visit_claim_month}).
 */
public final class HomeVisitStore {
  private static final String SELECT =
      "select r.id, r.chart_patient_id, r.care_form, r.first_visit_date, r.created_at,"
          + " r.created_by, r.ended_on, r.end_reason, r.refused_at, r.refusal,"
          + " r.consent_withdrawn_on, r.consent_withdrawn_by, r.consent_oqs_reason,"
          + " coalesce((select array_agg(to_char(m.month, 'YYYY-MM')) from home_visit_claim_month m"
          + " where m.relationship_id = r.id), '{}') as claims"
          + " from home_visit_relationship r";

  /** How a change to a relationship went. */
  public enum Status {
    DONE,
    NOT_FOUND,
    /** The relationship has ended: it cannot change any more. */
    ENDED,
    /** Another active relationship exists for the patient and care form. */
    EXISTS
  }

  /** The outcome of a change, with the relationship (the existing one for {@code EXISTS}). */
  public record Change(Status status, Optional<Relationship> relationship) {}

  private final Pool pool;
  private final Outbox outbox;

  public HomeVisitStore(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  /** A new active relationship, unless the patient has one for that care form already. */
  public Future<Change> create(
      String chartPatientId, CareForm form, LocalDate firstVisit, String createdBy) {
    UUID id = RowIds.next();
    return pool.preparedQuery(
            "insert into home_visit_relationship (id, chart_patient_id, care_form,"
                + " first_visit_date, created_by) values ($1, $2, $3, $4, $5)"
                + " on conflict (chart_patient_id, care_form) where ended_on is null do nothing")
        .execute(Tuple.of(id, chartPatientId, form.wire(), firstVisit, createdBy))
        .compose(
            rows -> {
              if (rows.rowCount() == 1) {
                return find(id).map(r -> new Change(Status.DONE, r));
              }
              return one(
                      pool,
                      " where r.chart_patient_id = $1 and r.care_form = $2 and r.ended_on is null",
                      Tuple.of(chartPatientId, form.wire()))
                  .map(r -> new Change(Status.EXISTS, r));
            });
  }

  public Future<Optional<Relationship>> find(UUID id) {
    return one(pool, " where r.id = $1", Tuple.of(id));
  }

  /** The patient's relationships, active ones first, then the most recently ended. */
  public Future<List<Relationship>> ofPatient(String chartPatientId) {
    return pool.preparedQuery(
            SELECT
                + " where r.chart_patient_id = $1"
                + " order by r.ended_on is not null, r.ended_on desc, r.created_at desc")
        .execute(Tuple.of(chartPatientId))
        .map(HomeVisitStore::all);
  }

  /** Records claimed months (repeating a month changes nothing). */
  public Future<Change> addClaims(UUID id, List<YearMonth> months, String by) {
    return change(
        id,
        client -> {
          List<Tuple> batch = new ArrayList<>();
          months.forEach(m -> batch.add(Tuple.of(id, m.atDay(1), by)));
          return client
              .preparedQuery(
                  "insert into home_visit_claim_month (relationship_id, month, recorded_by)"
                      + " values ($1, $2, $3) on conflict do nothing")
              .executeBatch(batch)
              .mapEmpty();
        });
  }

  /**
   * A new card-based confirmation at home: the window starts again from {@code day}, and a refusal
   * by OQS is cleared.
   */
  public Future<Change> newFirstVisit(UUID id, LocalDate day) {
    return change(
        id,
        client ->
            client
                .preparedQuery(
                    "update home_visit_relationship set first_visit_date = $2, refused_at = null,"
                        + " refusal = null, refused_check_id = null where id = $1")
                .execute(Tuple.of(id, day))
                .mapEmpty());
  }

  /**
   * Ends the relationship after {@code lastDay}; it stays readable. The consent under it ends with
   * it (the day after, {@code end-of-care}) unless it was withdrawn before.
   */
  public Future<Change> end(UUID id, LocalDate lastDay, String reason, String by) {
    return change(
        id,
        client ->
            client
                .preparedQuery(
                    "update home_visit_relationship set ended_on = $2, end_reason = $3,"
                        + " ended_by = $4,"
                        + " consent_withdrawn_by = coalesce(consent_withdrawn_by, 'end-of-care'),"
                        + " consent_recorded_by = coalesce(consent_recorded_by, $4),"
                        + " consent_withdrawn_on = coalesce(consent_withdrawn_on, $2::date + 1)"
                        + " where id = $1")
                .execute(Tuple.of(id, lastDay, reason, by))
                .mapEmpty());
  }

  /**
   * Records the consent under an active relationship withdrawn, with a {@code homevisit.alert}
   * event in the same transaction ({@code alert} gets the relationship's id). A later withdrawal
   * does not move an earlier one.
   */
  public Future<Change> withdrawConsent(UUID id, ConsentWithdrawal w, String by, JsonObject alert) {
    return change(
        id,
        client ->
            client
                .preparedQuery(
                    "update home_visit_relationship set"
                        + " consent_withdrawn_on = least(consent_withdrawn_on, $2),"
                        + " consent_withdrawn_by = case when consent_withdrawn_on <= $2"
                        + " then consent_withdrawn_by else $3 end,"
                        + " consent_oqs_reason = case when consent_withdrawn_on <= $2"
                        + " then consent_oqs_reason else $4 end,"
                        + " consent_recorded_by = case when consent_withdrawn_on <= $2"
                        + " then consent_recorded_by else $5 end"
                        + " where id = $1")
                .execute(Tuple.of(id, w.on(), w.by().wire(), w.oqsReason().orElse(null), by))
                .compose(
                    rows ->
                        outbox.append(
                            client,
                            Event.of(
                                EventType.HOMEVISIT_ALERT,
                                alert.copy().put("relationshipId", id.toString())))));
  }

  /**
   * OQS refused a re-inquiry under the relationship: recorded once per check, with a {@code
   * homevisit.alert} event, both in {@code tx}: the transaction that ends the check. Empty when it
   * was recorded before or the relationship is unknown.
   */
  public Future<Optional<Relationship>> recordRefusal(
      SqlConnection tx, UUID id, UUID checkId, String refusal, JsonObject alert) {
    return tx.preparedQuery(
            "update home_visit_relationship set refused_at = now(), refusal = $3,"
                + " refused_check_id = $2 where id = $1"
                + " and refused_check_id is distinct from $2")
        .execute(Tuple.of(id, checkId, refusal))
        .compose(
            rows ->
                rows.rowCount() == 0
                    ? Future.succeededFuture(Optional.<Relationship>empty())
                    : outbox
                        .append(tx, Event.of(EventType.HOMEVISIT_ALERT, alert))
                        .compose(v -> one(tx, " where r.id = $1", Tuple.of(id))));
  }

  private interface Step {
    Future<Void> run(SqlConnection client);
  }

  /** Runs {@code step} on an active relationship, locked; NOT_FOUND or ENDED otherwise. */
  private Future<Change> change(UUID id, Step step) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "select ended_on from home_visit_relationship where id = $1 for update")
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(
                            new Change(Status.NOT_FOUND, Optional.empty()));
                      }
                      if (rows.iterator().next().getValue("ended_on") != null) {
                        return one(tx, " where r.id = $1", Tuple.of(id))
                            .map(r -> new Change(Status.ENDED, r));
                      }
                      return step.run(tx)
                          .compose(v -> one(tx, " where r.id = $1", Tuple.of(id)))
                          .map(r -> new Change(Status.DONE, r));
                    }));
  }

  private static Future<Optional<Relationship>> one(SqlClient client, String where, Tuple args) {
    return client
        .preparedQuery(SELECT + where)
        .execute(args)
        .map(rows -> all(rows).stream().findFirst());
  }

  private static List<Relationship> all(RowSet<Row> rows) {
    return Rows.all(rows, HomeVisitStore::toRelationship);
  }

  private static Relationship toRelationship(Row r) {
    TreeSet<YearMonth> claims = new TreeSet<>();
    for (String m : r.getArrayOfStrings("claims")) {
      claims.add(YearMonth.parse(m));
    }
    OffsetDateTime refused = r.getOffsetDateTime("refused_at");
    return new Relationship(
        r.getUUID("id"),
        r.getString("chart_patient_id"),
        CareForm.fromWire(r.getString("care_form")).orElseThrow(),
        r.getLocalDate("first_visit_date"),
        r.getOffsetDateTime("created_at").toInstant(),
        r.getString("created_by"),
        Optional.ofNullable(r.getLocalDate("ended_on")),
        Optional.ofNullable(r.getString("end_reason")),
        Optional.ofNullable(refused).map(OffsetDateTime::toInstant),
        Optional.ofNullable(r.getString("refusal")),
        claims,
        Optional.ofNullable(r.getLocalDate("consent_withdrawn_on"))
            .map(
                on ->
                    new ConsentWithdrawal(
                        on,
                        ConsentWithdrawal.By.fromWire(r.getString("consent_withdrawn_by"))
                            .orElseThrow(),
                        Optional.ofNullable(r.getString("consent_oqs_reason")))));
  }
}
