package jp.oqsgateway.gateway.qualification;

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

/**
 * SQL for {@code qualification_check}. A check leaves WAITING exactly once (guarded updates), and
 * in the same transaction its {@code check.answered} or {@code check.failed} event enters the
 * outbox.
 */
public final class CheckStore {
  private static final String COLUMNS =
      "id, source, requested_by, chart_patient_id, state, failure_reason, failure_detail, request,"
          + " exchange_id, result, requested_at, finished_at, queued_at, stale_of, stale_result,"
          + " stale_answered_at, rerun_at, desk, reader";

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
    return insertWaiting(
        id, source, requestedBy, chartPatientId, request, Optional.empty(), Optional.empty());
  }

  /** A new WAITING check; {@code desk} and {@code reader} for a card presented at a desk. */
  public Future<QualificationCheck> insertWaiting(
      UUID id,
      String source,
      String requestedBy,
      Optional<String> chartPatientId,
      JsonObject request,
      Optional<String> desk,
      Optional<String> reader) {
    return pool.preparedQuery(
            "insert into qualification_check (id, source, requested_by, chart_patient_id, state,"
                + " request, desk, reader) values ($1, $2, $3, $4, 'WAITING', $5, $6, $7)"
                + " returning "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  source,
                  requestedBy,
                  chartPatientId.orElse(null),
                  request,
                  desk.orElse(null),
                  reader.orElse(null)
                }))
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
      byte[] document,
      Optional<String> desk,
      String reader) {
    return pool.preparedQuery(
            "insert into qualification_check (id, source, requested_by, state, request, result,"
                + " failure_reason, failure_detail, result_file, result_document, desk, reader,"
                + " finished_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())"
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
                  io.vertx.core.buffer.Buffer.buffer(document),
                  desk.orElse(null),
                  reader
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

  /**
   * Sets the answer and appends {@code check.answered} (and {@code qualification.changed} when a
   * stale answer was served that differs in a field that matters); empty when it had already ended.
   * A queued check (STALE_QUEUED) is answered too, by its first exchange or its re-run.
   */
  public Future<Optional<QualificationCheck>> answer(UUID checkId, JsonObject result) {
    return finish(
        "update qualification_check set state = 'ANSWERED', result = $2, finished_at = now()"
            + " where id = $1 and state in ('WAITING', 'STALE_QUEUED') returning "
            + COLUMNS,
        Tuple.of(checkId, result));
  }

  /**
   * Fails a queued check whose re-run ended without an answer ({@code exchangeId} the re-run's, or
   * empty when the re-run could not even be sent); empty when it is not that check's re-run.
   */
  public Future<Optional<QualificationCheck>> failRerun(
      UUID checkId, Optional<UUID> exchangeId, CheckFailure failure, String detail) {
    return finish(
        "update qualification_check set state = 'FAILED', failure_reason = $2, failure_detail = $3,"
            + " finished_at = now() where id = $1 and state = 'STALE_QUEUED'"
            + " and rerun_at is not null and ($4::uuid is null or exchange_id = $4) returning "
            + COLUMNS,
        Tuple.of(checkId, failure.name(), detail, exchangeId.orElse(null)));
  }

  /**
   * WAITING → STALE_QUEUED, serving {@code last} (if any) as the stale answer, with {@code
   * check.queued} in the same transaction; empty when the check had already left WAITING.
   */
  public Future<Optional<QualificationCheck>> queue(
      UUID checkId, Optional<QualificationCheck> last) {
    return pool.withTransaction(tx -> queueIn(tx, checkId, last));
  }

  private Future<Optional<QualificationCheck>> queueIn(
      SqlConnection tx, UUID checkId, Optional<QualificationCheck> last) {
    return tx.preparedQuery(
            "update qualification_check set state = 'STALE_QUEUED', queued_at = now(),"
                + " stale_of = $2, stale_result = $3, stale_answered_at = $4"
                + " where id = $1 and state = 'WAITING' returning "
                + COLUMNS)
        .execute(
            Tuple.of(
                checkId,
                last.map(QualificationCheck::id).orElse(null),
                last.flatMap(QualificationCheck::result).orElse(null),
                last.flatMap(QualificationCheck::finishedAt)
                    .map(t -> t.atOffset(ZoneOffset.UTC))
                    .orElse(null)))
        .map(CheckStore::first)
        .compose(
            queued ->
                queued.isEmpty()
                    ? Future.succeededFuture(queued)
                    : outbox.append(tx, CheckEvents.queued(queued.get())).map(queued));
  }

  /** How many checks are queued for a re-run now. */
  public Future<Long> countQueued() {
    return pool.query("select count(*) from qualification_check where state = 'STALE_QUEUED'")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * The last answered check of the same person: the same insurer number, symbol, number, branch and
   * birth date as this check's request (a stale answer is never served on a chart patient id alone,
   * which a caller can get wrong or guess). Among those, one of the same chart patient first, then
   * the most recent. A check without card numbers (a card reading) has none.
   */
  public Future<Optional<QualificationCheck>> lastKnown(QualificationCheck check) {
    JsonObject r = check.request();
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from qualification_check where state = 'ANSWERED' and id <> $1 and result is"
                + " not null"
                + " and request->>'insurerNumber' = $3"
                + " and request->>'insuredIdentificationNumber' = $4"
                + " and request->>'birthdate' = $5"
                + " and coalesce(request->>'insuredBranchNumber', '') = $6"
                + " and coalesce(request->>'insuredCardSymbol', '') = $7"
                + " order by (chart_patient_id is not distinct from $2) desc, finished_at desc"
                + " limit 1")
        .execute(
            Tuple.from(
                new Object[] {
                  check.id(),
                  check.chartPatientId().orElse(null),
                  r.getString("insurerNumber"),
                  r.getString("insuredIdentificationNumber"),
                  r.getString("birthdate"),
                  r.getString("insuredBranchNumber", ""),
                  r.getString("insuredCardSymbol", "")
                }))
        .map(CheckStore::first);
  }

  /** Marks the one re-run of a queued check; empty when it was re-run already or has ended. */
  public Future<Optional<QualificationCheck>> markRerun(UUID checkId) {
    return pool.preparedQuery(
            "update qualification_check set rerun_at = now() where id = $1"
                + " and state = 'STALE_QUEUED' and rerun_at is null returning "
                + COLUMNS)
        .execute(Tuple.of(checkId))
        .map(CheckStore::first);
  }

  /** Checks queued while OQS was unreachable and not ended yet. */
  public Future<List<QualificationCheck>> queued() {
    return list("select " + COLUMNS + " from qualification_check where state = 'STALE_QUEUED'");
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
    return list("select " + COLUMNS + " from qualification_check where state = 'WAITING'");
  }

  private Future<List<QualificationCheck>> list(String sql) {
    return pool.query(sql)
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
                    : outbox
                        .append(tx, CheckEvents.finished(updated.get()))
                        .compose(v -> appendChange(tx, updated.get()))
                        .map(updated));
  }

  /** {@code qualification.changed} when a re-run's answer differs from the stale one served. */
  private Future<Void> appendChange(SqlConnection tx, QualificationCheck check) {
    if (check.state() != CheckState.ANSWERED
        || check.stale().isEmpty()
        || check.result().isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> fields =
        QualificationChanges.between(check.stale().get().result(), check.result().get());
    return fields.isEmpty()
        ? Future.succeededFuture()
        : outbox.append(tx, CheckEvents.changed(check, fields));
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
        Optional.ofNullable(r.getOffsetDateTime("finished_at")).map(CheckStore::instant),
        Optional.ofNullable(r.getOffsetDateTime("queued_at")).map(CheckStore::instant),
        Optional.ofNullable(r.getUUID("stale_of"))
            .map(
                of ->
                    new QualificationCheck.Stale(
                        of,
                        (JsonObject) r.getJson("stale_result"),
                        instant(r.getOffsetDateTime("stale_answered_at")))),
        Optional.ofNullable(r.getOffsetDateTime("rerun_at")).map(CheckStore::instant),
        Optional.ofNullable(r.getString("desk")),
        Optional.ofNullable(r.getString("reader")));
  }

  private static Instant instant(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
