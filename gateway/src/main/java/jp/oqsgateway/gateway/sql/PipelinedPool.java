package jp.oqsgateway.gateway.sql;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.Objects;
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
 */
public final class PipelinedPool implements Pool {
  private final Pool pool;

  public PipelinedPool(Pool pool) {
    this.pool = pool;
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
    return pool.close();
  }
}
