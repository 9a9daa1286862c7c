package jp.oqsgateway.gateway.qualification;

import static jp.oqsgateway.gateway.qualification.CheckRows.COLUMNS;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.sql.PipelinedPool;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for {@code qualification_check}. A check leaves WAITING exactly once (guarded updates), and
 * in the same transaction its {@code check.answered} or {@code check.failed} event enters the
 * outbox and every {@link CheckEndParticipant} writes what the end means for it.
 */
public final class CheckStore {
  /** {@link CheckRows#COLUMNS} of the check aliased {@code c}, for a read joining its exchange. */
  private static final String C_COLUMNS = COLUMNS.replaceAll("(\\w+)", "c.$1");

  private final Pool pool;
  private final Outbox outbox;
  private final CheckEnding ending;

  public CheckStore(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
    this.ending = new CheckEnding(outbox);
  }

  /** The pool, for a statement that needs no transaction of its own. */
  SqlClient pool() {
    return pool;
  }

  /** {@code participant} joins every transaction that ends a check from now on. */
  public void joinEnding(CheckEndParticipant participant) {
    ending.add(participant);
  }

  /** A check that just ended, with what is to run once its transaction committed. */
  record Ended(QualificationCheck check, List<Runnable> afterCommit) {
    void committed() {
      CheckEnding.afterCommit(afterCommit);
    }

    /** This end, with {@code action} to run first once committed. */
    Ended then(Runnable action) {
      List<Runnable> all = new java.util.ArrayList<>();
      all.add(action);
      all.addAll(afterCommit);
      return new Ended(check, all);
    }
  }

  /**
   * A new WAITING check; {@code desk} and {@code reader} for a card presented at a desk. Through
   * {@code client}: the pool, or a transaction the check is to commit with.
   */
  public Future<QualificationCheck> insertWaiting(
      SqlClient client,
      UUID id,
      String source,
      String requestedBy,
      Optional<String> chartPatientId,
      JsonObject request,
      Optional<String> desk,
      Optional<String> reader) {
    return client
        .preparedQuery(
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
        .map(rows -> CheckRows.toCheck(rows.iterator().next()));
  }

  /** {@link #latestAnswered}'s statement: $1 patient, $2 ISO date or null, $3 source or null. */
  static final String LATEST_ANSWERED =
      "select "
          + COLUMNS
          + " from qualification_check where chart_patient_id = $1 and state = 'ANSWERED'"
          + " and ($2::text is null or (request->>'confirmationDate') collate \"C\" <= $2)"
          + " and ($3::text is null or source = $3)"
          + " order by (request->>'confirmationDate') collate \"C\" desc nulls last,"
          + " finished_at desc limit 1";

  /**
   * The newest answered check of a chart patient: latest confirmation date on or before {@code
   * asOf} (all when empty), then latest answer; only checks of {@code source} when given. The date
   * is compared as its ISO text, as index {@code qualification_check_patient_latest} holds it
   * (V33), so that the row is the index's first for the patient.
   */
  public Future<Optional<QualificationCheck>> latestAnswered(
      String chartPatientId, Optional<LocalDate> asOf, Optional<String> source) {
    return PipelinedPool.pointReads(pool)
        .preparedQuery(LATEST_ANSWERED)
        .execute(
            Tuple.of(
                chartPatientId, asOf.map(LocalDate::toString).orElse(null), source.orElse(null)))
        .map(CheckRows::first);
  }

  /**
   * The newest answered check of a chart patient that ended before {@code before} (what was known
   * of the patient then, e.g. before a re-inquiry requested at that instant), with its answer's
   * document in the same read: the exchange's result, or the card reading's file kept with the
   * check; no document when neither is kept.
   */
  public Future<Optional<AnsweredCheck>> latestAnswerBefore(String chartPatientId, Instant before) {
    return pool.preparedQuery(
            "select "
                + C_COLUMNS
                + ", coalesce(x.result_file, c.result_file, x.request_file) as document_file,"
                + " coalesce(x.result_bytes, c.result_document) as document"
                + " from qualification_check c left join oqs_exchange x on x.id = c.exchange_id"
                + " where c.chart_patient_id = $1 and c.state = 'ANSWERED' and c.finished_at < $2"
                + " order by c.finished_at desc limit 1")
        .execute(Tuple.of(chartPatientId, before.atOffset(ZoneOffset.UTC)))
        .map(
            rows ->
                Rows.first(
                    rows,
                    r ->
                        new AnsweredCheck(
                            CheckRows.toCheck(r),
                            Optional.ofNullable(r.getBuffer("document"))
                                .map(
                                    d ->
                                        new StoredDocument(
                                            r.getString("document_file"), d.getBytes())))));
  }

  /** An answered check with its answer's document, read together. */
  public record AnsweredCheck(QualificationCheck check, Optional<StoredDocument> document) {}

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
    return attachExchange(pool, checkId, exchangeId);
  }

  /** Records the check's exchange through {@code client} (the exchange's own transaction). */
  public Future<Void> attachExchange(SqlClient client, UUID checkId, UUID exchangeId) {
    return client
        .preparedQuery("update qualification_check set exchange_id = $2 where id = $1")
        .execute(Tuple.of(checkId, exchangeId))
        .mapEmpty();
  }

  /**
   * Sets the answer and appends {@code check.answered} (and {@code qualification.changed} when a
   * stale answer was served that differs in a field that matters); empty when it had already ended.
   * A queued check (STALE_QUEUED) is answered too, by its first exchange or its re-run.
   */
  public Future<Optional<QualificationCheck>> answer(UUID checkId, JsonObject result) {
    return finish(answering("id"), Tuple.of(checkId, result), rows -> answered(rows, result));
  }

  /**
   * As {@link #answer}, for the check that names {@code exchangeId}, inside {@code tx}: the
   * transaction that records that exchange's answer. Empty when no such check is still waiting.
   */
  Future<Optional<Ended>> answerIn(SqlConnection tx, UUID exchangeId, JsonObject result) {
    return tx.preparedQuery(answering("exchange_id"))
        .execute(Tuple.of(exchangeId, result))
        .compose(rows -> endedIn(tx, answered(rows, result)));
  }

  /** Answers ($2) the waiting or queued check whose column {@code key} is $1. */
  private static String answering(String key) {
    return "update qualification_check set state = 'ANSWERED', result = $2, finished_at = now()"
        + " where "
        + key
        + " = $1 and state in ('WAITING', 'STALE_QUEUED') returning "
        + CheckRows.COLUMNS_BUT_RESULT;
  }

  private static Optional<QualificationCheck> answered(RowSet<Row> rows, JsonObject result) {
    return Rows.first(rows, r -> CheckRows.toCheck(r, Optional.of(result)));
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
        .map(CheckRows::first)
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
        .map(CheckRows::first);
  }

  /** Marks the one re-run of a queued check; empty when it was re-run already or has ended. */
  public Future<Optional<QualificationCheck>> markRerun(UUID checkId) {
    return pool.preparedQuery(
            "update qualification_check set rerun_at = now() where id = $1"
                + " and state = 'STALE_QUEUED' and rerun_at is null returning "
                + COLUMNS)
        .execute(Tuple.of(checkId))
        .map(CheckRows::first);
  }

  /** Checks queued while OQS was unreachable and not ended yet. */
  public Future<List<QualificationCheck>> queued() {
    return select("where state = 'STALE_QUEUED'", Tuple.tuple()).map(CheckRows::all);
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
    return select(PipelinedPool.pointReads(pool), "where id = $1", Tuple.of(id))
        .map(CheckRows::first);
  }

  public Future<Optional<QualificationCheck>> findByExchange(UUID exchangeId) {
    return select("where exchange_id = $1", Tuple.of(exchangeId)).map(CheckRows::first);
  }

  /** Checks still waiting, for reconciliation after a restart. */
  public Future<List<QualificationCheck>> waiting() {
    return select("where state = 'WAITING'", Tuple.tuple()).map(CheckRows::all);
  }

  /** {@code select} of every column {@code from qualification_check}, then {@code where}. */
  private Future<RowSet<Row>> select(String where, Tuple args) {
    return select(pool, where, args);
  }

  private static Future<RowSet<Row>> select(SqlClient client, String where, Tuple args) {
    return client
        .preparedQuery("select " + COLUMNS + " from qualification_check " + where)
        .execute(args);
  }

  private Future<Optional<QualificationCheck>> finish(String sql, Tuple args) {
    return finish(sql, args, CheckRows::first);
  }

  private Future<Optional<QualificationCheck>> finish(
      String sql, Tuple args, Function<RowSet<Row>, Optional<QualificationCheck>> updated) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(sql)
                    .execute(args)
                    .compose(rows -> endedIn(tx, updated.apply(rows))))
        .map(
            ended -> {
              ended.ifPresent(Ended::committed);
              return ended.map(Ended::check);
            });
  }

  /** The participants' writes and events for {@code updated} (if any), inside {@code tx}. */
  Future<Optional<Ended>> endedIn(SqlConnection tx, Optional<QualificationCheck> updated) {
    return updated.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : ending
            .within(tx, updated.get())
            .map(actions -> Optional.of(new Ended(updated.get(), actions)));
  }
}
