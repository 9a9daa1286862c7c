package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The daily sequence behind request-file suffixes, always 12 digits (OQS-PROTOCOL.md §1.2). The
 * day's numbers 1 to 9,999 are written as the known clients write them, {@code yyyyMMdd} and 4
 * digits. With extended names, numbers 10,000 to 999,999 are written as {@code yyMMdd} and 6 digits
 * ({@code 261205010000}): read as the first form that would be the year 2612, so the two never
 * meet. Numbers are reserved by an atomic upsert, so suffixes never repeat across restarts, nor
 * between gateways that share the database.
 *
 * <p>A clinic's day takes one number per upsert, reserved ahead: once the number in hand is handed
 * out, the next is reserved in the background, so a request does not wait for that commit (it was
 * one of the commits in series before a check's request file is written). Under a burst (a nightly
 * job: more than {@link #BUSY_PER_SECOND} numbers asked within a second) one upsert reserves {@link
 * #MAX_BLOCK} numbers for the callers waiting, handed out from memory in the order they asked: one
 * commit for many requests instead of one each. One reservation is made at a time, so what a stop
 * leaves unused (a gap in the day's names, never a repeat) is fewer than a block, and one number on
 * a quiet day; a quiet second later reservations are single again. The day's last numbers, too few
 * for a block, go one at a time.
 */
final class RequestSequence {
  /** The day's names in the form the known clients use. */
  public static final int DATED_PER_DAY = 9999;

  /** The day's names with the extended form too. */
  public static final int EXTENDED_PER_DAY = 999_999;

  /** Numbers asked for within one second above which reservations grow. */
  static final int BUSY_PER_SECOND = 32;

  /** The most numbers one upsert reserves. */
  static final int MAX_BLOCK = 32;

  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final DateTimeFormatter DATED = DateTimeFormatter.ofPattern("uuuuMMdd");
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("uuMMdd");

  private final Pool pool;
  private final int maxPerDay;
  private final LongSupplier nanoTime;

  /** Reserved, not yet handed out: ranges of the day {@link #day}, oldest first. */
  private final Deque<int[]> reserved = new ArrayDeque<>();

  private LocalDate day;
  private long windowStart;
  private int askedInWindow;
  private boolean reserving;

  /** The day the reservation under way is for (callers of another day do not wait for it). */
  private LocalDate reservingDay;

  /** Whether the next number is reserved ahead (off in tests of the sequence's own commits). */
  private final boolean ahead;

  private boolean blocksFit = true;

  /** Callers waiting for the block being reserved, in the order they asked. */
  private final Deque<Waiter> waiting = new ArrayDeque<>();

  public RequestSequence(Pool pool, boolean extended) {
    this(pool, extended, System::nanoTime, true);
  }

  RequestSequence(Pool pool, boolean extended, LongSupplier nanoTime, boolean ahead) {
    this.pool = pool;
    this.maxPerDay = extended ? EXTENDED_PER_DAY : DATED_PER_DAY;
    this.nanoTime = nanoTime;
    this.ahead = ahead;
    this.windowStart = nanoTime.getAsLong();
  }

  /** The next 12-digit suffix for that day; fails once the day's numbers are used up. */
  public Future<String> next(LocalDate on) {
    synchronized (this) {
      if (!on.equals(day)) {
        day = on;
        reserved.clear(); // another day's numbers: never used
        blocksFit = true;
      }
      Integer n = take();
      if (n != null) {
        reserveAheadIfEmpty(on);
        return Future.succeededFuture(suffix(on, n));
      }
      // One reservation at a time, so two never split the day's last number between them.
      if (!reserving) {
        Future<String> answer = waitFor();
        startReserving(on, busy() && blocksFit ? MAX_BLOCK : 1);
        return answer;
      }
      if (on.equals(reservingDay)) {
        return waitFor(); // the number reserved ahead, or a block, is on its way
      }
    }
    return single(on); // a new day begun while the last day's reservation is under way
  }

  /** A place among the callers waiting for the reservation under way. */
  private Future<String> waitFor() {
    Waiter waiter = new Waiter(Promise.promise(), Vertx.currentContext());
    waiting.addLast(waiter);
    return waiter.promise().future();
  }

  /**
   * Reserves the next number in the background once none is in hand and none is being reserved: the
   * next request finds it ready.
   */
  private void reserveAheadIfEmpty(LocalDate on) {
    synchronized (this) {
      if (!ahead || reserving || !reserved.isEmpty() || !on.equals(day)) {
        return;
      }
      startReserving(on, 1);
    }
  }

  private void startReserving(LocalDate on, int block) {
    reserving = true;
    reservingDay = on;
    reserveBlock(on, block);
  }

  /** One number reserved alone. */
  private Future<String> single(LocalDate on) {
    return reserve(on, 1)
        .compose(
            last ->
                last == 0
                    ? Future.failedFuture(new RequestNumbersUsedUp(on, maxPerDay))
                    : Future.succeededFuture(suffix(on, last)));
  }

  /** A caller waiting for a reservation, answered on its own context. */
  private record Waiter(Promise<String> promise, Context context) {
    void answer(Future<String> result) {
      if (context == null || context == Vertx.currentContext()) {
        result.onComplete(promise);
      } else {
        context.runOnContext(v -> result.onComplete(promise));
      }
    }
  }

  /**
   * {@code block} numbers (one, or a block under a burst) for the callers waiting, the rest kept in
   * hand; another reservation while some are still waiting, and the next number ahead once none is
   * in hand.
   */
  private void reserveBlock(LocalDate on, int block) {
    reserve(on, block)
        .onComplete(
            ar -> {
              List<Waiter> served = new ArrayList<>();
              List<Waiter> again = new ArrayList<>();
              List<Integer> numbers = new ArrayList<>();
              boolean more;
              int nextBlock;
              synchronized (this) {
                if (ar.succeeded() && ar.result() > 0 && on.equals(day)) {
                  reserved.addLast(new int[] {ar.result() - block + 1, ar.result()});
                } else if (ar.succeeded() && on.equals(day) && block > 1) {
                  blocksFit = false; // the day's last numbers go one at a time
                }
                Integer n;
                while (!waiting.isEmpty() && (n = take()) != null) {
                  served.add(waiting.removeFirst());
                  numbers.add(n);
                }
                // None left for a reservation that size: the callers still waiting go one by one.
                boolean none = ar.succeeded() && ar.result() == 0;
                more = ar.succeeded() && !none && blocksFit && on.equals(day) && !waiting.isEmpty();
                // After a number reserved ahead, as many as are waiting; after a block, a block.
                nextBlock = block == 1 ? Math.min(MAX_BLOCK, waiting.size()) : MAX_BLOCK;
                if (!more) {
                  again.addAll(waiting);
                  waiting.clear();
                  reserving = false;
                }
              }
              for (int i = 0; i < served.size(); i++) {
                served.get(i).answer(Future.succeededFuture(suffix(on, numbers.get(i))));
              }
              if (more) {
                reserveBlock(on, nextBlock);
              } else if (!served.isEmpty() && again.isEmpty()) {
                reserveAheadIfEmpty(on);
              }
              // A failed reservation fails its waiters; otherwise (the day's last numbers, or a new
              // day begun meanwhile) each reserves one number of the day it asked for.
              again.forEach(
                  w -> w.answer(ar.failed() ? Future.failedFuture(ar.cause()) : single(on)));
            });
  }

  /** The next reserved number of the current day, or null. */
  private Integer take() {
    int[] range = reserved.peekFirst();
    if (range == null) {
      return null;
    }
    int n = range[0]++;
    if (range[0] > range[1]) {
      reserved.removeFirst();
    }
    return n;
  }

  /** Whether the last second asked for more than {@link #BUSY_PER_SECOND} numbers. */
  private boolean busy() {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= SECOND_NANOS) {
      windowStart = now;
      askedInWindow = 0;
    }
    return ++askedInWindow > BUSY_PER_SECOND;
  }

  /**
   * Reserves {@code block} numbers of the day; answers the last of them, or 0 when too few are
   * left.
   */
  private Future<Integer> reserve(LocalDate on, int block) {
    return pool.preparedQuery(
            "insert into oqs_request_sequence (day, last) values ($1, $2)"
                + " on conflict (day) do update set last = oqs_request_sequence.last + $2"
                + " where oqs_request_sequence.last + $2 <= "
                + maxPerDay
                + " returning last")
        .execute(Tuple.of(on, block))
        .map(rows -> rows.rowCount() == 0 ? 0 : rows.iterator().next().getInteger(0));
  }

  /** The day's {@code n}th suffix (1 ≤ n ≤ 999,999). */
  static String suffix(LocalDate day, int n) {
    return n <= DATED_PER_DAY
        ? DATED.format(day) + String.format("%04d", n)
        : SHORT.format(day) + String.format("%06d", n);
  }
}
