package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for {@code oqs_exchange}. Every state change is an {@code update ... where state in (...)
 * returning}, so a result, a deadline and a re-ask racing each other change an exchange at most
 * once: the loser gets an empty answer.
 */
final class ExchangeStore {
  private static final String COLUMNS =
      "id, kind, state, req_dir, request_file, arbitrary_file_identifier, institution_code,"
          + " reception_number, retry_of, probe, reask_count, request_charset, request_bytes,"
          + " written_at, picked_up_at, deadline_at, finished_at, result_file, result_bytes, error";

  /**
   * {@link #COLUMNS} but the request's and the result's bytes: what a write returns when the caller
   * already holds those bytes (kilobytes each, not sent back and decoded again).
   */
  private static final String WRITTEN_COLUMNS =
      "id, kind, state, req_dir, request_file, arbitrary_file_identifier, institution_code,"
          + " reception_number, retry_of, probe, reask_count, request_charset, written_at,"
          + " picked_up_at, deadline_at, finished_at, result_file, error";

  private final Pool pool;

  public ExchangeStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Exchange> insert(Exchange e) {
    return insert(pool, e);
  }

  /**
   * Stores a new exchange and, in the same transaction, what {@code alsoStored} (or null: nothing)
   * writes with it: both commit or neither does.
   */
  public Future<Exchange> insert(Exchange e, Function<SqlConnection, Future<Void>> alsoStored) {
    return alsoStored == null
        ? insert(pool, e)
        : pool.withTransaction(tx -> insert(tx, e).compose(x -> alsoStored.apply(tx).map(x)));
  }

  private Future<Exchange> insert(SqlClient client, Exchange e) {
    return client
        .preparedQuery(
            "insert into oqs_exchange (id, kind, state, req_dir, request_file,"
                + " arbitrary_file_identifier, institution_code, reception_number, retry_of,"
                + " probe, reask_count, request_charset, request_bytes, written_at, deadline_at)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
                + " returning "
                + WRITTEN_COLUMNS)
        .execute(
            Tuple.tuple()
                .addUUID(e.id())
                .addString(e.kind().name())
                .addString(e.state().name())
                .addString(e.reqDir())
                .addString(e.requestFile())
                .addString(e.arbitraryFileIdentifier())
                .addString(e.institutionCode())
                .addString(e.receptionNumber().orElse(null))
                .addUUID(e.retryOf().orElse(null))
                .addBoolean(e.probe())
                .addInteger(e.reaskCount())
                .addString(e.requestCharset())
                .addBuffer(Buffer.buffer(e.requestBytes()))
                .addOffsetDateTime(utc(e.writtenAt()))
                .addOffsetDateTime(utc(e.deadlineAt())))
        .map(rows -> map(rows.iterator().next(), e.requestBytes(), null));
  }

  public Future<Optional<Exchange>> find(UUID id) {
    return select("where id = $1", Tuple.of(id)).map(ExchangeStore::first);
  }

  /** The exchange that wrote this request file name (current name), if any. */
  public Future<Optional<Exchange>> findByRequestFile(String requestFile) {
    return select("where request_file = $1", Tuple.of(requestFile)).map(ExchangeStore::first);
  }

  /** Exchanges not yet final that were written into this {@code req/} folder. */
  public Future<List<Exchange>> pending(String reqDir) {
    return pending(List.of(reqDir));
  }

  /**
   * Exchanges not yet final that were written into one of these {@code req/} folders (one folder
   * stored under several names: a link or another mount point to it).
   */
  public Future<List<Exchange>> pending(List<String> reqDirs) {
    return select(
            "where req_dir = any($1) and state in ('WRITTEN', 'PICKED_UP') order by written_at",
            Tuple.tuple().addArrayOfString(reqDirs.toArray(String[]::new)))
        .map(ExchangeStore::all);
  }

  /** The {@code req/} folders other than {@code reqDir} that exchanges not yet final name. */
  public Future<List<String>> pendingFoldersOtherThan(String reqDir) {
    return pool.preparedQuery(
            "select distinct req_dir from oqs_exchange"
                + " where state in ('WRITTEN', 'PICKED_UP') and req_dir <> $1")
        .execute(Tuple.of(reqDir))
        .map(rows -> Rows.all(rows, r -> r.getString("req_dir")));
  }

  /**
   * Ends every exchange still pending in {@code reqDir} without an answer: TIMED_OUT for read-only
   * bulk downloads, OUTCOME_UNKNOWN otherwise (the terminal may have acted), with {@code error}.
   * Returns the exchanges ended.
   */
  public Future<List<Exchange>> endPendingIn(String reqDir, Instant at, String error) {
    String[] timesOut =
        java.util.Arrays.stream(RequestKind.values())
            .filter(RequestKind::bulkPhase2)
            .map(Enum::name)
            .toArray(String[]::new);
    return pool.preparedQuery(
            "update oqs_exchange set state = case when kind = any($2) then 'TIMED_OUT'"
                + " else 'OUTCOME_UNKNOWN' end, finished_at = $3, error = $4"
                + " where req_dir = $1 and state in ('WRITTEN', 'PICKED_UP') returning "
                + COLUMNS)
        .execute(
            Tuple.tuple()
                .addString(reqDir)
                .addArrayOfString(timesOut)
                .addOffsetDateTime(utc(at))
                .addString(error))
        .map(ExchangeStore::all);
  }

  /** Exchanges created by {@code retry} of this one. */
  public Future<List<Exchange>> retriesOf(UUID id) {
    return select("where retry_of = $1 order by written_at", Tuple.of(id)).map(ExchangeStore::all);
  }

  /** {@code select} of every column {@code from oqs_exchange}, then {@code where}. */
  private Future<RowSet<Row>> select(String where, Tuple args) {
    return pool.preparedQuery("select " + COLUMNS + " from oqs_exchange " + where).execute(args);
  }

  /** WRITTEN → PICKED_UP ({@code current}: the exchange as the caller holds it). */
  public Future<Optional<Exchange>> markPickedUp(Exchange current, Instant at) {
    return pool.preparedQuery(
            "update oqs_exchange set state = 'PICKED_UP', picked_up_at = $2"
                + " where id = $1 and state = 'WRITTEN' returning "
                + WRITTEN_COLUMNS)
        .execute(Tuple.of(current.id(), utc(at)))
        .map(rows -> Rows.first(rows, r -> map(r, current.requestBytes(), null)));
  }

  /**
   * Pending → a final state, with the result and/or the error. Empty when already final. {@code
   * current}: the exchange as the caller holds it. {@code pickedUpAt}: when the terminal took a
   * request still recorded as WRITTEN (its answer came before the pickup was recorded), set in the
   * same statement; null leaves {@code picked_up_at} as it is. {@code alsoStored} (or null:
   * nothing) writes in the same transaction (the result file's record): both commit or neither
   * does.
   */
  public Future<Optional<Exchange>> finish(
      Exchange current,
      ExchangeState to,
      Instant at,
      Instant pickedUpAt,
      String resultFile,
      byte[] resultBytes,
      String error,
      Function<SqlConnection, Future<Void>> alsoStored) {
    if (alsoStored == null) {
      return finishIn(pool, current, to, at, pickedUpAt, resultFile, resultBytes, error);
    }
    return pool.withTransaction(
        tx ->
            finishIn(tx, current, to, at, pickedUpAt, resultFile, resultBytes, error)
                .compose(done -> alsoStored.apply(tx).map(done)));
  }

  /** {@code work} in one transaction: committed when it succeeds, rolled back when it fails. */
  <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work::apply);
  }

  /** As {@link #finish}, through {@code client} (a transaction the caller commits). */
  Future<Optional<Exchange>> finishIn(
      SqlClient client,
      Exchange current,
      ExchangeState to,
      Instant at,
      Instant pickedUpAt,
      String resultFile,
      byte[] resultBytes,
      String error) {
    UUID id = current.id();
    return client
        .preparedQuery(
            "update oqs_exchange set state = $2, finished_at = $3, result_file = $4,"
                + " result_bytes = $5, error = $6, picked_up_at = coalesce(picked_up_at, $7)"
                + " where id = $1 and state in ('WRITTEN', 'PICKED_UP') returning "
                + WRITTEN_COLUMNS)
        .execute(
            Tuple.tuple()
                .addUUID(id)
                .addString(to.name())
                .addOffsetDateTime(utc(at))
                .addString(resultFile)
                .addBuffer(resultBytes == null ? null : Buffer.buffer(resultBytes))
                .addString(error)
                .addOffsetDateTime(pickedUpAt == null ? null : utc(pickedUpAt)))
        .map(rows -> Rows.first(rows, r -> map(r, current.requestBytes(), resultBytes)));
  }

  /**
   * A bulk download answered "still processing": the same exchange continues with a new request
   * file (same ReceptionNumber). Guarded by the old file name so two results cannot both re-ask.
   */
  public Future<Optional<Exchange>> reask(
      UUID id,
      String oldRequestFile,
      String newRequestFile,
      byte[] requestBytes,
      Instant writtenAt,
      Instant deadlineAt) {
    return pool.preparedQuery(
            "update oqs_exchange set state = 'WRITTEN', request_file = $3, request_bytes = $4,"
                + " written_at = $5, deadline_at = $6, picked_up_at = null,"
                + " reask_count = reask_count + 1"
                + " where id = $1 and request_file = $2 and state in ('WRITTEN', 'PICKED_UP')"
                + " returning "
                + COLUMNS)
        .execute(
            Tuple.tuple()
                .addUUID(id)
                .addString(oldRequestFile)
                .addString(newRequestFile)
                .addBuffer(Buffer.buffer(requestBytes))
                .addOffsetDateTime(utc(writtenAt))
                .addOffsetDateTime(utc(deadlineAt)))
        .map(ExchangeStore::first);
  }

  private static OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Optional<Exchange> first(RowSet<Row> rows) {
    return Rows.first(rows, ExchangeStore::map);
  }

  private static List<Exchange> all(RowSet<Row> rows) {
    return Rows.all(rows, ExchangeStore::map);
  }

  private static Exchange map(Row r) {
    Buffer result = r.getBuffer("result_bytes");
    return map(
        r, r.getBuffer("request_bytes").getBytes(), result == null ? null : result.getBytes());
  }

  /** A row of {@link #WRITTEN_COLUMNS} with the bytes the caller holds. */
  private static Exchange map(Row r, byte[] request, byte[] result) {
    return new Exchange(
        r.getUUID("id"),
        RequestKind.valueOf(r.getString("kind")),
        ExchangeState.valueOf(r.getString("state")),
        r.getString("req_dir"),
        r.getString("request_file"),
        r.getString("arbitrary_file_identifier"),
        r.getString("institution_code"),
        Optional.ofNullable(r.getString("reception_number")),
        Optional.ofNullable(r.getUUID("retry_of")),
        r.getBoolean("probe"),
        r.getInteger("reask_count"),
        r.getString("request_charset"),
        request,
        r.getOffsetDateTime("written_at").toInstant(),
        Rows.instant(r, "picked_up_at"),
        r.getOffsetDateTime("deadline_at").toInstant(),
        Rows.instant(r, "finished_at"),
        Optional.ofNullable(r.getString("result_file")),
        Optional.ofNullable(result),
        Optional.ofNullable(r.getString("error")));
  }
}
