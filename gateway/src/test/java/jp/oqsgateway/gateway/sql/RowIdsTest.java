package jp.oqsgateway.gateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/** Row keys that sort by the time they were made, in PostgreSQL as in text. */
class RowIdsTest {
  private static final long DEC_5_2026 = 1_796_428_800_000L;

  @Test
  void aKeyIsAVersionSevenUuidCarryingTheMillisecondItWasMadeIn() {
    UUID id = new RowIds(() -> DEC_5_2026).nextId();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(DEC_5_2026);
    assertThat(id.toString()).startsWith("01a24380-2000-7000-");
  }

  @Test
  void keysMadeInOneMillisecondOrAfterTheClockSteppedBackStillSortInTheOrderTheyWereMade() {
    AtomicLong clock = new AtomicLong(DEC_5_2026);
    RowIds ids = new RowIds(clock::get);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(ids.nextId().toString());
    }
    clock.addAndGet(-60_000); // NTP steps the clock back a minute
    for (int i = 0; i < 100; i++) {
      made.add(ids.nextId().toString());
    }
    clock.addAndGet(120_000);
    made.add(ids.nextId().toString());

    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(UUID.fromString(made.get(made.size() - 1)).getMostSignificantBits() >>> 16)
        .isEqualTo(DEC_5_2026 + 60_000);
  }

  @Test
  void keysMadeConcurrentlyAreAllDistinct() {
    RowIds ids = new RowIds(() -> DEC_5_2026);
    List<UUID> made = IntStream.range(0, 40_000).parallel().mapToObj(i -> ids.nextId()).toList();

    assertThat(new HashSet<>(made)).hasSize(40_000);
  }

  @Test
  void postgresqlOrdersTheKeysAsTheyWereMade() {
    Vertx vertx = Vertx.vertx();
    Pool pool = TestDatabase.pool(vertx, TestDatabase.freshDatabase("row_ids"));
    try {
      pool.query("create table keyed (id uuid primary key, n int)").execute().await();
      List<Tuple> rows = new ArrayList<>();
      for (int n = 0; n < 2_000; n++) {
        rows.add(Tuple.of(RowIds.next(), n));
      }
      pool.preparedQuery("insert into keyed values ($1, $2)").executeBatch(rows).await();

      List<Integer> byKey = new ArrayList<>();
      for (Row r : pool.query("select n from keyed order by id").execute().await()) {
        byKey.add(r.getInteger(0));
      }
      assertThat(byKey).hasSize(2_000).isSorted();
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
