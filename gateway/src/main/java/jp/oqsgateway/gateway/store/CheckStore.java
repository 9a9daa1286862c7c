package jp.oqsgateway.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.notify.Outbox;
import jp.oqsgateway.gateway.qualification.CheckEvents;
import jp.oqsgateway.gateway.qualification.CheckFailure;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/**
 * SQL for {@code qualification_check}. A check leaves WAITING exactly once (guarded updates), and
 * in the same transaction its {@code check.answered} or {@code check.failed} event enters the
 * outbox.
 */
public final class CheckStore {
  private static final String COLUMNS =
      "id, source, requested_by, chart_patient_id, state, failure_reason, failure_detail, request,"
          + " exchange_id, result, requested_at, finished_at";

  private final Pool pool;
  private final Outbox outbox;

  public CheckStore(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  public Future<QualificationCheck> insertWaiting(
      UUID id,
      String source,
      String requestedBy,
      Optional<String> chartPatientId,
      JsonObject request) {
    return pool.preparedQuery(
            "insert into qualification_check (id, source, requested_by, chart_patient_id, state,"
                + " request) values ($1, $2, $3, $4, 'WAITING', $5) returning "
                + COLUMNS)
        .execute(Tuple.of(id, source, requestedBy, chartPatientId.orElse(null), request))
        .map(rows -> toCheck(rows.iterator().next()));
  }

  /**
   * Stores a check that arrived finished, from a card reading's result file: once per file (a
   * second delivery of the same file is empty). The document is kept, as there is no exchange.
   */
  public Future<Optional<QualificationCheck>> insertFromFile(
      UUID id,
      String source,
      String requestedBy,
      JsonObject request,
      Optional<JsonObject> result,
      Optional<CheckFailure> failure,
      Optional<String> failureDetail,
      String resultFile,
      byte[] document) {
    return pool.preparedQuery(
            "insert into qualification_check (id, source, requested_by, state, request, result,"
                + " failure_reason, failure_detail, result_file, result_document, finished_at)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())"
                + " on conflict (result_file) where result_file is not null do nothing returning "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  source,
                  requestedBy,
                  result.isPresent() ? "ANSWERED" : "FAILED",
                  request,
                  result.orElse(null),
                  failure.map(Enum::name).orElse(null),
                  failureDetail.orElse(null),
                  resultFile,
                  io.vertx.core.buffer.Buffer.buffer(document)
                }))
        .map(CheckStore::first);
  }

  /**
   * The newest answered check of a chart patient: latest confirmation date on or before {@code
   * asOf} (all when empty), then latest answer; only checks of {@code source} when given.
   */
  public Future<Optional<QualificationCheck>> latestAnswered(
      String chartPatientId, Optional<java.time.LocalDate> asOf, Optional<String> source) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from qualification_check where chart_patient_id = $1 and state = 'ANSWERED'"
                + " and ($2::date is null or (request->>'confirmationDate')::date <= $2)"
                + " and ($3::text is null or source = $3)"
                + " order by (request->>'confirmationDate')::date desc nulls last,"
                + " finished_at desc limit 1")
        .execute(Tuple.of(chartPatientId, asOf.orElse(null), source.orElse(null)))
        .map(CheckStore::first);
  }

  /** A result document kept with the check (card readings): file name and bytes. */
  public record StoredDocument(String fileName, byte[] bytes) {}

  public Future<Optional<StoredDocument>> document(UUID checkId) {
    return pool.preparedQuery(
            "select result_file, result_document from qualification_check where id = $1"
                + " and result_document is not null")
        .execute(Tuple.of(checkId))
        .map(
            rows -> {
              var it = rows.iterator();
              if (!it.hasNext()) {
                return Optional.empty();
              }
              Row r = it.next();
              return Optional.of(
                  new StoredDocument(
                      r.getString("result_file"), r.getBuffer("result_document").getBytes()));
            });
  }

  public Future<Void> attachExchange(UUID checkId, UUID exchangeId) {
    return pool.preparedQuery("update qualification_check set exchange_id = $2 where id = $1")
        .execute(Tuple.of(checkId, exchangeId))
        .mapEmpty();
  }

  /** Sets the answer and appends {@code check.answered}; empty when it had already left WAITING. */
  public Future<Optional<QualificationCheck>> answer(UUID checkId, JsonObject result) {
    return finish(
        "update qualification_check set state = 'ANSWERED', result = $2, finished_at = now()"
            + " where id = $1 and state = 'WAITING' returning "
            + COLUMNS,
        Tuple.of(checkId, result));
  }

  /** Sets the failure and appends {@code check.failed}; empty when it had already left WAITING. */
  public Future<Optional<QualificationCheck>> fail(
      UUID checkId, CheckFailure failure, String detail) {
    return finish(
        "update qualification_check set state = 'FAILED', failure_reason = $2, failure_detail = $3,"
            + " finished_at = now() where id = $1 and state = 'WAITING' returning "
            + COLUMNS,
        Tuple.of(checkId, failure.name(), detail));
  }

  public Future<Optional<QualificationCheck>> find(UUID id) {
    return pool.preparedQuery("select " + COLUMNS + " from qualification_check where id = $1")
        .execute(Tuple.of(id))
        .map(CheckStore::first);
  }

  public Future<Optional<QualificationCheck>> findByExchange(UUID exchangeId) {
    return pool.preparedQuery(
            "select " + COLUMNS + " from qualification_check where exchange_id = $1")
        .execute(Tuple.of(exchangeId))
        .map(CheckStore::first);
  }

  /** Checks still waiting, for reconciliation after a restart. */
  public Future<List<QualificationCheck>> waiting() {
    return pool.query("select " + COLUMNS + " from qualification_check where state = 'WAITING'")
        .execute()
        .map(
            rows -> {
              List<QualificationCheck> all = new ArrayList<>();
              rows.forEach(r -> all.add(toCheck(r)));
              return all;
            });
  }

  private Future<Optional<QualificationCheck>> finish(String sql, Tuple args) {
    return pool.withTransaction(tx -> finishIn(tx, sql, args));
  }

  private Future<Optional<QualificationCheck>> finishIn(SqlConnection tx, String sql, Tuple args) {
    return tx.preparedQuery(sql)
        .execute(args)
        .map(CheckStore::first)
        .compose(
            updated ->
                updated.isEmpty()
                    ? Future.succeededFuture(updated)
                    : outbox.append(tx, CheckEvents.finished(updated.get())).map(updated));
  }

  private static Optional<QualificationCheck> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(toCheck(it.next())) : Optional.empty();
  }

  private static QualificationCheck toCheck(Row r) {
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
        Optional.ofNullable((JsonObject) r.getJson("result")),
        instant(r.getOffsetDateTime("requested_at")),
        Optional.ofNullable(r.getOffsetDateTime("finished_at")).map(CheckStore::instant));
  }

  private static Instant instant(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
