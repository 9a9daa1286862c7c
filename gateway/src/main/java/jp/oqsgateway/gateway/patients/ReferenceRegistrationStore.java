package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for {@code reference_registration}. A row is inserted WAITING before anything is sent and
 * ends once: {@link #finish} changes only WAITING rows.
 */
public final class ReferenceRegistrationStore {
  private static final String COLUMNS =
      "id, bulk_id, trigger, chart_patient_id, link_id, reference_number, state, exchange_id,"
          + " failure, failure_detail, processing_result_code, download_exchange_id, requested_at,"
          + " finished_at, retry_of";

  private final Pool pool;

  public ReferenceRegistrationStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Inserts WAITING rows. An {@code auto} row that already exists for its link is skipped: the
   * returned list holds only the rows inserted now.
   */
  public Future<List<ReferenceRegistration>> insertWaiting(
      List<ReferenceRegistration> rows, String requestedBy) {
    List<Tuple> batch = new ArrayList<>();
    for (ReferenceRegistration r : rows) {
      batch.add(
          Tuple.from(
              new Object[] {
                r.id(),
                r.bulkId().orElse(null),
                r.trigger(),
                r.chartPatientId(),
                r.linkId(),
                r.referenceNumber(),
                requestedBy
              }));
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.withTransaction(
        conn -> {
          List<ReferenceRegistration> inserted = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          for (Tuple t : batch) {
            chain =
                chain.compose(
                    v ->
                        conn.preparedQuery(
                                "insert into reference_registration (id, bulk_id, trigger,"
                                    + " chart_patient_id, link_id, reference_number, state,"
                                    + " requested_by) values ($1, $2, $3, $4, $5, $6, 'WAITING',"
                                    + " $7) on conflict (link_id) where trigger = 'auto' do nothing"
                                    + " returning "
                                    + COLUMNS)
                            .execute(t)
                            .map(
                                rs -> {
                                  rs.forEach(r -> inserted.add(toRegistration(r)));
                                  return null;
                                }));
          }
          return chain.map(v -> inserted);
        });
  }

  /**
   * Inserts the WAITING retry of a failed registration; empty when that registration was retried
   * already (at most one retry each, even when two callers race).
   */
  public Future<Optional<ReferenceRegistration>> insertRetry(
      ReferenceRegistration retry, String requestedBy) {
    return pool.preparedQuery(
            "insert into reference_registration (id, trigger, chart_patient_id, link_id,"
                + " reference_number, state, requested_by, retry_of) values ($1, $2, $3, $4, $5,"
                + " 'WAITING', $6, $7) on conflict (retry_of) where retry_of is not null do nothing"
                + " returning "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  retry.id(),
                  retry.trigger(),
                  retry.chartPatientId(),
                  retry.linkId(),
                  retry.referenceNumber(),
                  requestedBy,
                  retry.retryOf().orElseThrow()
                }))
        .map(rs -> Rows.first(rs, ReferenceRegistrationStore::toRegistration));
  }

  /** The retry of a registration, when one was made. */
  public Future<Optional<ReferenceRegistration>> retryOf(UUID id) {
    return list("where retry_of = $1", Tuple.of(id)).map(rows -> rows.stream().findFirst());
  }

  /** Records the exchange the rows were sent with. */
  public Future<Void> attachExchange(List<UUID> ids, UUID exchangeId, boolean download) {
    String column = download ? "download_exchange_id" : "exchange_id";
    return pool.preparedQuery(
            "update reference_registration set " + column + " = $2 where id = any($1)")
        .execute(Tuple.of(ids.toArray(new UUID[0]), exchangeId))
        .mapEmpty();
  }

  /**
   * Ends a WAITING row; empty when it had already ended. A row ending REGISTERED also sets its 照会番号
   * on the link it was made for, in the same transaction, so the next reading carrying that
   * ReferenceNumber is proposed as the patient without linking again.
   */
  public Future<Optional<ReferenceRegistration>> finish(
      UUID id,
      ReferenceRegistration.State state,
      Optional<String> failure,
      Optional<String> detail,
      Optional<String> processingResultCode) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "update reference_registration set state = $2, failure = $3,"
                        + " failure_detail = $4, processing_result_code = $5, finished_at = now()"
                        + " where id = $1 and state = 'WAITING' returning "
                        + COLUMNS)
                .execute(
                    Tuple.of(
                        id,
                        state.name(),
                        failure.orElse(null),
                        detail.orElse(null),
                        processingResultCode.orElse(null)))
                .map(rs -> Rows.first(rs, ReferenceRegistrationStore::toRegistration))
                .compose(
                    ended ->
                        ended
                            .filter(r -> r.state() == ReferenceRegistration.State.REGISTERED)
                            .map(
                                r ->
                                    conn.preparedQuery(
                                            "update patient_link set reference_number = $2"
                                                + " where id = $1")
                                        .execute(Tuple.of(r.linkId(), r.referenceNumber()))
                                        .map(ended))
                            .orElseGet(() -> Future.succeededFuture(ended))));
  }

  public Future<Optional<ReferenceRegistration>> find(UUID id) {
    return pool.preparedQuery("select " + COLUMNS + " from reference_registration where id = $1")
        .execute(Tuple.of(id))
        .map(rs -> Rows.first(rs, ReferenceRegistrationStore::toRegistration));
  }

  /** The rows of one bulk registration, in the order they were inserted. */
  public Future<List<ReferenceRegistration>> ofBulk(UUID bulkId) {
    return list("where bulk_id = $1", Tuple.of(bulkId));
  }

  /** See {@link ReferenceRegistrations#unregistered()}. */
  Future<List<String>> unregistered() {
    return pool.preparedQuery(
            "select distinct l.chart_patient_id from patient_link l"
                + " where l.unlinked_at is null and l.reference_number is null"
                + " and not exists (select 1 from reference_registration r where r.link_id = l.id"
                + " and r.state in ('REGISTERED', 'WAITING')) order by l.chart_patient_id")
        .execute()
        .map(rs -> Rows.all(rs, r -> r.getString("chart_patient_id")));
  }

  /** Every WAITING row (a previous run may have left them), oldest first. */
  public Future<List<ReferenceRegistration>> waiting() {
    return list("where state = 'WAITING'", Tuple.tuple());
  }

  private Future<List<ReferenceRegistration>> list(String where, Tuple args) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from reference_registration "
                + where
                + " order by requested_at, seq")
        .execute(args)
        .map(rs -> Rows.all(rs, ReferenceRegistrationStore::toRegistration));
  }

  private static ReferenceRegistration toRegistration(Row r) {
    return new ReferenceRegistration(
        r.getUUID("id"),
        Optional.ofNullable(r.getUUID("bulk_id")),
        r.getString("trigger"),
        r.getString("chart_patient_id"),
        r.getUUID("link_id"),
        r.getString("reference_number"),
        ReferenceRegistration.State.valueOf(r.getString("state")),
        Optional.ofNullable(r.getUUID("exchange_id")),
        Optional.ofNullable(r.getString("failure")),
        Optional.ofNullable(r.getString("failure_detail")),
        Optional.ofNullable(r.getString("processing_result_code")),
        Optional.ofNullable(r.getUUID("download_exchange_id")),
        r.getOffsetDateTime("requested_at").toInstant(),
        Optional.ofNullable(r.getOffsetDateTime("finished_at")).map(OffsetDateTime::toInstant),
        Optional.ofNullable(r.getUUID("retry_of")));
  }
}
