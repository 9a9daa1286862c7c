package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.RowIds;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for {@code patient_link}. Linking is one transaction guarded by the unique index on the
 * active link of a qualification: two concurrent requests for the same link both end with the one
 * row, and a qualification unlinked a moment ago can be linked again at once.
 */
public final class PatientLinkStore {
  private static final String COLUMNS =
      "id, chart_patient_id, check_id, insurer_number, insured_card_symbol,"
          + " insured_identification_number, insured_branch_number, birthdate, reference_number,"
          + " linked_by, linked_at, unlinked_by, unlinked_at";
  private static final int ATTEMPTS = 3;

  private final Pool pool;

  public PatientLinkStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Links the qualification of {@code checkId} to the patient and assigns the check to the patient
   * (unless the chart had already named a patient for it).
   */
  public Future<LinkOutcome> link(
      String chartPatientId, UUID checkId, LinkedQualification q, String linkedBy) {
    return pool.withTransaction(conn -> linkWithin(conn, chartPatientId, checkId, q, linkedBy));
  }

  /**
   * As {@link #link(String, UUID, LinkedQualification, String)}, inside the caller's {@code tx}.
   */
  public Future<LinkOutcome> linkWithin(
      SqlConnection tx, String chartPatientId, UUID checkId, LinkedQualification q, String by) {
    return link(tx, chartPatientId, checkId, q, by, 1);
  }

  private Future<LinkOutcome> link(
      SqlConnection conn,
      String patient,
      UUID checkId,
      LinkedQualification q,
      String by,
      int attempt) {
    return conn.preparedQuery(
            "select chart_patient_id from qualification_check where id = $1 for update")
        .execute(Tuple.of(checkId))
        .compose(
            rows -> {
              String owner = rows.iterator().next().getString("chart_patient_id");
              if (owner != null && !owner.equals(patient)) {
                return Future.succeededFuture(
                    new LinkOutcome.HeldByAnother(owner, Optional.empty()));
              }
              return conn.preparedQuery(
                      "insert into patient_link (id, chart_patient_id, check_id, qualification_key,"
                          + " insurer_number, insured_card_symbol, insured_identification_number,"
                          + " insured_branch_number, birthdate, reference_number, name_kana_key,"
                          + " linked_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                          + " on conflict (qualification_key) where unlinked_at is null do nothing"
                          + " returning "
                          + COLUMNS)
                  .execute(
                      Tuple.from(
                          new Object[] {
                            RowIds.next(),
                            patient,
                            checkId,
                            q.key(),
                            q.insurerNumber(),
                            q.symbol().orElse(null),
                            q.number(),
                            q.branch().orElse(null),
                            q.birthdate(),
                            q.referenceNumber().orElse(null),
                            q.kanaKey().orElse(null),
                            by
                          }))
                  .compose(
                      inserted ->
                          inserted.size() == 1
                              ? assign(conn, patient, checkId, toLink(inserted.iterator().next()))
                                  .map(l -> (LinkOutcome) new LinkOutcome.Created(l))
                              : existing(conn, patient, checkId, q, by, attempt));
            });
  }

  private Future<LinkOutcome> existing(
      SqlConnection conn,
      String patient,
      UUID checkId,
      LinkedQualification q,
      String by,
      int attempt) {
    return conn.preparedQuery(
            "select "
                + COLUMNS
                + " from patient_link where qualification_key = $1 and unlinked_at is null")
        .execute(Tuple.of(q.key()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                // unlinked by a concurrent request between our insert and this read: try again
                return attempt < ATTEMPTS
                    ? link(conn, patient, checkId, q, by, attempt + 1)
                    : Future.failedFuture(
                        new IllegalStateException("link kept changing under concurrent requests"));
              }
              PatientLink held = toLink(rows.iterator().next());
              if (!held.chartPatientId().equals(patient)) {
                return Future.succeededFuture(
                    new LinkOutcome.HeldByAnother(held.chartPatientId(), Optional.of(held.id())));
              }
              return assign(conn, patient, checkId, held)
                  .map(l -> (LinkOutcome) new LinkOutcome.AlreadyLinked(l));
            });
  }

  private Future<PatientLink> assign(
      SqlConnection conn, String patient, UUID checkId, PatientLink link) {
    return conn.preparedQuery(
            "update qualification_check set chart_patient_id = $2, patient_link_id = $3"
                + " where id = $1 and chart_patient_id is null")
        .execute(Tuple.of(checkId, patient, link.id()))
        .map(link);
  }

  /**
   * Ends the link and takes the checks it had assigned away from the patient again. True when the
   * patient has (or had) this link, so a repeated unlink is no error.
   */
  public Future<Boolean> unlink(String chartPatientId, UUID linkId, String unlinkedBy) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "update patient_link set unlinked_at = now(), unlinked_by = $3"
                        + " where id = $1 and chart_patient_id = $2 and unlinked_at is null")
                .execute(Tuple.of(linkId, chartPatientId, unlinkedBy))
                .compose(
                    v ->
                        conn.preparedQuery(
                                "update qualification_check set chart_patient_id = null,"
                                    + " patient_link_id = null where patient_link_id = $1")
                            .execute(Tuple.of(linkId)))
                .compose(
                    v ->
                        conn.preparedQuery(
                                "select 1 from patient_link where id = $1 and chart_patient_id = $2")
                            .execute(Tuple.of(linkId, chartPatientId)))
                .map(rows -> rows.size() > 0));
  }

  /** The patient's links, active first, newest first. */
  public Future<List<PatientLink>> ofPatient(String chartPatientId) {
    return select(
            "where chart_patient_id = $1 order by unlinked_at is not null, linked_at desc",
            Tuple.of(chartPatientId))
        .map(PatientLinkStore::all);
  }

  /** The active links of these patients, newest first. */
  public Future<List<PatientLink>> activeOf(List<String> chartPatientIds) {
    return select(
            "where chart_patient_id = any($1) and unlinked_at is null order by linked_at desc",
            Tuple.of(chartPatientIds.toArray(new String[0])))
        .map(PatientLinkStore::all);
  }

  /** {@code select} of every column {@code from patient_link}, then {@code where}. */
  private Future<RowSet<Row>> select(String where, Tuple args) {
    return pool.preparedQuery("select " + COLUMNS + " from patient_link " + where).execute(args);
  }

  /** Patients whose active link carries this 照会番号. */
  public Future<List<String>> patientsByReferenceNumber(String referenceNumber) {
    return patientsByReferenceNumber(pool, referenceNumber);
  }

  /** As {@link #patientsByReferenceNumber(String)}, through {@code client} (a transaction). */
  public Future<List<String>> patientsByReferenceNumber(SqlClient client, String referenceNumber) {
    return patients(
        client,
        "select distinct chart_patient_id from patient_link where reference_number = $1"
            + " and unlinked_at is null order by chart_patient_id",
        Tuple.of(referenceNumber));
  }

  /** Patients whose active link carries this kana key and birth date. */
  public Future<List<String>> patientsByKanaAndBirthdate(String kanaKey, LocalDate birthdate) {
    return patients(
        pool,
        "select distinct chart_patient_id from patient_link where name_kana_key = $1"
            + " and birthdate = $2 and unlinked_at is null order by chart_patient_id",
        Tuple.of(kanaKey, birthdate));
  }

  private static Future<List<String>> patients(SqlClient client, String sql, Tuple args) {
    return client
        .preparedQuery(sql)
        .execute(args)
        .map(rows -> Rows.all(rows, r -> r.getString("chart_patient_id")));
  }

  private static List<PatientLink> all(RowSet<Row> rows) {
    return Rows.all(rows, PatientLinkStore::toLink);
  }

  private static PatientLink toLink(Row r) {
    return new PatientLink(
        r.getUUID("id"),
        r.getString("chart_patient_id"),
        r.getUUID("check_id"),
        new LinkedQualification(
            r.getString("insurer_number"),
            Optional.ofNullable(r.getString("insured_card_symbol")),
            r.getString("insured_identification_number"),
            Optional.ofNullable(r.getString("insured_branch_number")),
            r.getLocalDate("birthdate"),
            Optional.ofNullable(r.getString("reference_number")),
            Optional.empty()),
        r.getString("linked_by"),
        instant(r.getOffsetDateTime("linked_at")),
        Optional.ofNullable(r.getString("unlinked_by")),
        Optional.ofNullable(r.getOffsetDateTime("unlinked_at")).map(PatientLinkStore::instant));
  }

  private static Instant instant(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
