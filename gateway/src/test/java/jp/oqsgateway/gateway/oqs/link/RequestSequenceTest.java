package jp.oqsgateway.gateway.oqs.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.Eventually;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The day's request numbers on a real PostgreSQL: unique, the next reserved ahead, and in blocks
 * only under a burst.
 */
class RequestSequenceTest {
  private static final long SECOND = 1_000_000_000L;
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start() {
    PgEndpoint db = LinkHarness.migratedDatabase("request_sequence");
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx, db);
    pool.query(
            "create table sequence_writes (day date not null);"
                + " create function count_sequence_write() returns trigger language plpgsql as"
                + " $$ begin insert into sequence_writes values (new.day); return new; end $$;"
                + " create trigger counted after insert or update on oqs_request_sequence"
                + " for each row execute function count_sequence_write()")
        .execute()
        .await();
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void aQuietClinicHasItsNextNumberReservedAheadSoAStopLeavesAtMostOneUnused() {
    LocalDate day = LocalDate.of(2026, 1, 5);
    AtomicLong clock = new AtomicLong();
    RequestSequence sequence = new RequestSequence(pool, true, clock::get, true);
    for (int i = 1; i <= 40; i++) {
      clock.addAndGet(SECOND / 10); // ten a second: a busy reception, not a burst
      assertThat(sequence.next(day).await()).isEqualTo("20260105" + String.format("%04d", i));
      int request = i;
      Eventually.await("the next number reserved ahead")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(stored(day))
                    .as("reserved after request %d", request)
                    .isEqualTo(request + 1);
                assertThat(upserts(day)).as("one upsert a number").isEqualTo(request + 1);
              });
    }
    RequestSequence afterAStop = new RequestSequence(pool, true, clock::get, true);
    assertThat(afterAStop.next(day).await())
        .as("the number held ahead is a gap, never a repeat")
        .isEqualTo("202601050042");
  }

  @Test
  void withoutReservingAheadAQuietClinicSpendsExactlyOneNumberPerRequest() {
    LocalDate day = LocalDate.of(2026, 1, 4);
    AtomicLong clock = new AtomicLong();
    RequestSequence sequence = new RequestSequence(pool, true, clock::get, false);
    for (int i = 1; i <= 40; i++) {
      clock.addAndGet(SECOND / 10);
      assertThat(sequence.next(day).await()).isEqualTo("20260104" + String.format("%04d", i));
      assertThat(stored(day)).as("reserved after request %d", i).isEqualTo(i);
      assertThat(upserts(day)).isEqualTo(i);
    }
  }

  @Test
  void aNumberReservedAheadOnOneDayIsNeverUsedOnTheNext() {
    LocalDate day = LocalDate.of(2026, 1, 9);
    LocalDate next = day.plusDays(1);
    RequestSequence sequence = new RequestSequence(pool, true, System::nanoTime, true);
    assertThat(sequence.next(day).await()).isEqualTo("202601090001");
    Eventually.await("the next number reserved ahead")
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(stored(day)).isEqualTo(2));
    assertThat(sequence.next(next).await()).isEqualTo("202601100001");
    assertThat(sequence.next(next).await()).isEqualTo("202601100002");
  }

  @Test
  void aBurstReservesBlocksHandsOutEveryNumberOnceAndHoldsFewerThanABlockUnused() {
    LocalDate day = LocalDate.of(2026, 1, 6);
    RequestSequence sequence = new RequestSequence(pool, true, () -> 0L, true);
    List<Future<String>> asked = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      asked.add(sequence.next(day));
    }
    Future.all(asked).await();
    Set<String> names = new HashSet<>();
    asked.forEach(f -> names.add(f.result()));
    assertThat(names).as("no suffix twice").hasSize(500);
    int reserved = stored(day);
    assertThat(reserved - 500)
        .as("reserved but not handed out")
        .isBetween(0, RequestSequence.MAX_BLOCK - 1);
    assertThat(upserts(day)).as("reservations (commits) for 500 numbers").isLessThan(100);
  }

  @Test
  void aSecondGatewayOnTheSameDatabaseNeverGetsANumberTheFirstHolds() {
    LocalDate day = LocalDate.of(2026, 1, 7);
    RequestSequence one = new RequestSequence(pool, true, () -> 0L, true);
    RequestSequence two = new RequestSequence(pool, true, () -> 0L, true);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      assertThat(names.add(one.next(day).await())).isTrue();
      assertThat(names.add(two.next(day).await())).isTrue();
    }
  }

  @Test
  void theDaysLastNumbersGoOneByOneUnderABurstThenTheDayIsUsedUp() {
    LocalDate day = LocalDate.of(2026, 1, 8);
    int max = RequestSequence.DATED_PER_DAY;
    pool.preparedQuery("insert into oqs_request_sequence (day, last) values ($1, $2)")
        .execute(Tuple.of(day, max - 40))
        .await();
    RequestSequence sequence = new RequestSequence(pool, false, () -> 0L, true);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      names.add(sequence.next(day).await());
    }
    assertThat(names).hasSize(40).contains("20260108" + max);
    assertThatThrownBy(() -> sequence.next(day).await()).isInstanceOf(RequestNumbersUsedUp.class);
  }

  private static int stored(LocalDate day) {
    return pool.preparedQuery("select last from oqs_request_sequence where day = $1")
        .execute(Tuple.of(day))
        .await()
        .iterator()
        .next()
        .getInteger(0);
  }

  /** The reservations (inserts and updates of the day's row) counted by a trigger. */
  private static int upserts(LocalDate day) {
    return pool.preparedQuery("select count(*) from sequence_writes where day = $1")
        .execute(Tuple.of(day))
        .await()
        .iterator()
        .next()
        .getInteger(0);
  }
}
