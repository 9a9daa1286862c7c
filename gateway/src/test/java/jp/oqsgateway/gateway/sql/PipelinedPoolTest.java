package jp.oqsgateway.gateway.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions whose {@code BEGIN} is pipelined with their first statements, on a real PostgreSQL:
 * all or nothing as before, and the connection always given back.
 */
class PipelinedPoolTest {
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start() {
    PgEndpoint db = TestDatabase.freshDatabase("pipelined_pool");
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx, db); // four connections, pipelined
    pool.query("create table note (n int primary key)").execute().await();
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void empty() {
    pool.query("truncate note").execute().await();
  }

  private static Future<Void> insert(SqlConnection conn, int n) {
    return conn.preparedQuery("insert into note values ($1)").execute(Tuple.of(n)).mapEmpty();
  }

  private static List<Integer> notes() {
    List<Integer> found = new ArrayList<>();
    for (Row r : pool.query("select n from note order by n").execute().await()) {
      found.add(r.getInteger(0));
    }
    return found;
  }

  @Test
  void theFirstStatementSentWithBeginIsPartOfTheTransaction() {
    // txid_current() outside a transaction would be a transaction of its own, with its own id
    long[] ids =
        pool.withTransaction(
                conn ->
                    xid(conn)
                        .compose(
                            first ->
                                insert(conn, 1)
                                    .compose(v -> xid(conn))
                                    .map(last -> new long[] {first, last})))
            .await();
    assertThat(ids[0]).isEqualTo(ids[1]);
    assertThat(notes()).containsExactly(1);
  }

  private static Future<Long> xid(SqlConnection conn) {
    return conn.query("select txid_current()").execute().map(r -> r.iterator().next().getLong(0));
  }

  @Test
  void workThatFailsAfterItsFirstStatementLeavesNothingBehind() {
    assertThatThrownBy(
            () ->
                pool.withTransaction(
                        conn ->
                            insert(conn, 1)
                                .compose(v -> insert(conn, 2))
                                .compose(v -> Future.failedFuture("the work's own failure")))
                    .await())
        .hasMessageContaining("the work's own failure");
    assertThat(notes()).isEmpty();
  }

  @Test
  void aStatementThatFailsRollsTheWholeTransactionBackWithThatStatementsError() {
    assertThatThrownBy(
            () ->
                pool.withTransaction(conn -> insert(conn, 1).compose(v -> insert(conn, 1))).await())
        .hasMessageContaining("note_pkey");
    assertThat(notes()).isEmpty();
  }

  @Test
  void everyConnectionComesBackWhateverTheWorkDid() {
    for (int i = 0; i < 12; i++) { // three times the pool's four connections
      int n = i;
      assertThatThrownBy(
              () ->
                  pool.<Void>withTransaction(
                          conn -> {
                            throw new IllegalStateException("thrown before any statement " + n);
                          })
                      .await())
          .hasMessageContaining("thrown before any statement");
      assertThatThrownBy(() -> pool.<Void>withTransaction(conn -> null).await())
          .hasMessageContaining("the work returned no future");
      assertThatThrownBy(
              () ->
                  pool.withTransaction(conn -> insert(conn, -1).compose(v -> insert(conn, -1)))
                      .await())
          .hasMessageContaining("note_pkey");
      pool.withTransaction(conn -> insert(conn, n)).await();
    }
    assertThat(notes()).hasSize(12);
  }
}
