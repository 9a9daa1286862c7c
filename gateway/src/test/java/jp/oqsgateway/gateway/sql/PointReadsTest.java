package jp.oqsgateway.gateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.Eventually;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The point reads of the API's hot paths, pipelined on connections of their own, on a real
 * PostgreSQL: many in flight on few connections, each answered with its own row, and gone with the
 * pool.
 */
class PointReadsTest {
  private static final String DB = "point_reads";
  private static Vertx vertx;
  private static PgEndpoint db;
  private static Pool observer;

  @BeforeAll
  static void start() {
    db = TestDatabase.freshDatabase(DB);
    vertx = Vertx.vertx();
    observer = TestDatabase.pool(vertx, db);
  }

  @AfterAll
  static void stop() {
    observer.close().await();
    vertx.close().await();
  }

  /** The point reads' connections to the test's database, as PostgreSQL lists them. */
  private static long pointReadConnections() {
    return observer
        .preparedQuery(
            "select count(*) from pg_stat_activity where datname = current_database()"
                + " and application_name like $1")
        .execute(Tuple.of("%" + PipelinedPool.POINT_READS_NAME))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void threeHundredReadsInFlightAtOnceShareTwoConnectionsAndEachGetsItsOwnAnswer() {
    PipelinedPool pool = PipelinedPool.open(vertx, TestDatabase.connectOptions(db), 4, 2);
    try {
      SqlClient reads = PipelinedPool.pointReads(pool);
      List<Future<Row>> answers = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        answers.add(
            reads
                .preparedQuery("select $1::int as asked, pg_backend_pid() as pid")
                .execute(Tuple.of(i))
                .map(rows -> rows.iterator().next()));
      }
      Future.all(answers).await();
      Set<Integer> processes = new HashSet<>();
      for (int i = 0; i < answers.size(); i++) {
        Row row = answers.get(i).result();
        assertThat(row.getInteger("asked")).isEqualTo(i);
        processes.add(row.getInteger("pid"));
      }
      assertThat(processes).hasSizeBetween(1, 2);
      assertThat(pointReadConnections()).isBetween(1L, 2L);
    } finally {
      pool.close().await();
    }
    Eventually.await("the point reads' connections closed with the pool")
        .atMost(Duration.ofSeconds(10))
        .until(() -> pointReadConnections() == 0);
  }

  @Test
  void withoutPointReadConnectionsAReadGoesThroughThePoolAndInATransactionThroughIt() {
    PipelinedPool pool = PipelinedPool.open(vertx, TestDatabase.connectOptions(db), 4, 0);
    try {
      assertThat(PipelinedPool.pointReads(pool)).isSameAs(pool);
      PipelinedPool withReads = PipelinedPool.open(vertx, TestDatabase.connectOptions(db), 4, 1);
      try {
        boolean sameTransaction =
            withReads
                .withTransaction(
                    conn -> {
                      assertThat(PipelinedPool.pointReads(conn)).isSameAs(conn);
                      return conn.query("select txid_current()")
                          .execute()
                          .compose(
                              a ->
                                  PipelinedPool.pointReads(conn)
                                      .query("select txid_current()")
                                      .execute()
                                      .map(
                                          b ->
                                              a.iterator()
                                                  .next()
                                                  .getLong(0)
                                                  .equals(b.iterator().next().getLong(0))));
                    })
                .await();
        assertThat(sameTransaction).isTrue();
      } finally {
        withReads.close().await();
      }
      assertThat(pool.query("select 1").execute().await().rowCount()).isEqualTo(1);
      assertThat(pointReadConnections()).isZero();
    } finally {
      pool.close().await();
    }
  }
}
