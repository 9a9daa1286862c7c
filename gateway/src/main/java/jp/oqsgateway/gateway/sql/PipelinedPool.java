package jp.oqsgateway.gateway.sql;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The gateway's pool: a transaction's {@code BEGIN} travels with its first statements instead of
 * alone. The library's {@link Pool#withTransaction} waits for {@code BEGIN}'s answer before it runs
 * the transaction's work, one round trip to PostgreSQL and back for every transaction, in which
 * both processes wake up for nothing; here the work is started at once on the connection, whose
 * commands go out in order and are pipelined (the connection's pipelining limit). Everything else
 * is the library's pool: the same commit when the work succeeds, rollback when it fails, and the
 * connection given back either way.
 *
 * <p>Measured on the nightly re-inquiry, five transactions a patient (docs/PERFORMANCE.md).
 *
 * <p>Beside it, the {@linkplain #pointReads point reads}: a client of a few connections of its own
 * on which the reads of the API's hot paths go out pipelined, many in flight on one connection, so
 * that one PostgreSQL process answers a run of them without sleeping in between where the pool woke
 * one process a read (docs/PERFORMANCE.md, "Cached reads"). Only a read that one index answers
 * belongs there: a statement waits for every statement sent before it on its connection, so a slow
 * one, or a write waiting for a row's lock, would hold up the reads behind it.
 */
public final class PipelinedPool implements Pool {
  /** What the point reads' connections add to the pool's {@code application_name}. */
  public static final String POINT_READS_NAME = " (point reads)";

  private final Pool pool;
  private final SqlClient pointReads;

  public PipelinedPool(Pool pool) {
    this(pool, Optional.empty());
  }

  /**
   * @param pointReads the pipelined client of {@link #pointReads}; empty: those reads use the pool
   */
  public PipelinedPool(Pool pool, Optional<SqlClient> pointReads) {
    this.pool = pool;
    this.pointReads = pointReads.orElse(null);
  }

  /**
   * The gateway's pool of {@code size} connections to {@code connect}, with {@code pointReads} more
   * for the pipelined point reads (none when 0), which PostgreSQL shows under the pool's {@code
   * application_name} followed by {@value #POINT_READS_NAME}. PostgreSQL allows 100 connections by
   * default: the gateway's 16 and 2 leave room for a second gateway and the tools.
   */
  public static PipelinedPool open(
      Vertx vertx, PgConnectOptions connect, int size, int pointReads) {
    Optional<SqlClient> reads = Optional.empty();
    if (pointReads > 0) {
      PgConnectOptions named = new PgConnectOptions(connect);
      String app = connect.getProperties().getOrDefault("application_name", "oqs-gateway");
      named.addProperty("application_name", app + POINT_READS_NAME);
      reads =
          Optional.of(
              PgBuilder.client()
                  .with(new PoolOptions().setMaxSize(pointReads).setName("oqsgw-point-reads"))
                  .connectingTo(named)
                  .using(vertx)
                  .build());
    }
    return new PipelinedPool(
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(size).setName("oqsgw"))
            .connectingTo(connect)
            .using(vertx)
            .build(),
        reads);
  }

  /**
   * Where a read answered by one index lookup goes: {@code client}'s pipelined point-read client
   * when it is a pool of the gateway's that has one, else {@code client} itself (a transaction, a
   * plain pool in a test).
   */
  public static SqlClient pointReads(SqlClient client) {
    return client instanceof PipelinedPool p && p.pointReads != null ? p.pointReads : client;
  }

  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) {
    return pool.getConnection()
        .compose(
            conn -> {
              Future<Transaction> begun = conn.begin();
              Future<T> done;
              try {
                done = Objects.requireNonNull(work.apply(conn), "the work returned no future");
              } catch (RuntimeException e) {
                done = Future.failedFuture(e);
              }
              return done.transform(result -> begun.transform(started -> end(started, result)))
                  .onComplete(ignored -> conn.close());
            });
  }

  /**
   * Commits what succeeded, rolls back what failed (the work's failure is the one reported); a
   * {@code BEGIN} that failed leaves nothing to end.
   */
  private static <T> Future<T> end(AsyncResult<Transaction> started, AsyncResult<T> result) {
    if (started.failed()) {
      return Future.failedFuture(result.failed() ? result.cause() : started.cause());
    }
    Transaction tx = started.result();
    if (result.succeeded()) {
      return tx.commit().map(result.result());
    }
    return tx.rollback().transform(ignored -> Future.failedFuture(result.cause()));
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return pool.getConnection();
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return pool.query(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return pool.preparedQuery(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return pool.preparedQuery(sql, options);
  }

  @Override
  public int size() {
    return pool.size();
  }

  @Override
  public Future<Void> close() {
    Future<Void> reads = pointReads == null ? Future.succeededFuture() : pointReads.close();
    return Future.join(reads, pool.close()).mapEmpty();
  }
}
