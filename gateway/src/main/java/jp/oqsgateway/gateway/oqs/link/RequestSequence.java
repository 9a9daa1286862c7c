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
 * <p>A clinic's day takes one number per upsert. Under a burst (a nightly job: more than {@link
 * #BUSY_PER_SECOND} numbers asked within a second) one upsert reserves {@link #MAX_BLOCK} numbers
 * for the callers waiting, handed out from memory in the order they asked: one commit for many
 * requests instead of one each. One block is reserved at a time, so what a stop leaves unused (a
 * gap in the day's names, never a repeat) is fewer than a block; a quiet second later reservations
 * are single again. The day's last numbers, too few for a block, go one at a time.
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
  private boolean blocksFit = true;

  /** Callers waiting for the block being reserved, in the order they asked. */
  private final Deque<Waiter> waiting = new ArrayDeque<>();

  public RequestSequence(Pool pool, boolean extended) {
    this(pool, extended, System::nanoTime);
  }

  RequestSequence(Pool pool, boolean extended, LongSupplier nanoTime) {
    this.pool = pool;
    this.maxPerDay = extended ? EXTENDED_PER_DAY : DATED_PER_DAY;
    this.nanoTime = nanoTime;
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
        return Future.succeededFuture(suffix(on, n));
      }
      if (busy() && blocksFit) {
        Waiter waiter = new Waiter(Promise.promise(), Vertx.currentContext());
        waiting.addLast(waiter);
        if (!reserving) {
          reserving = true;
          reserveBlock(on);
        }
        return waiter.promise().future();
      }
    }
    return single(on);
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

  /** A caller waiting for a block, answered on its own context. */
  private record Waiter(Promise<String> promise, Context context) {
    void answer(Future<String> result) {
      if (context == null) {
        result.onComplete(promise);
      } else {
        context.runOnContext(v -> result.onComplete(promise));
      }
    }
  }

  /** One block for the callers waiting, and another while some are still waiting. */
  private void reserveBlock(LocalDate on) {
    reserve(on, MAX_BLOCK)
        .onComplete(
            ar -> {
              List<Waiter> served = new ArrayList<>();
              List<Waiter> again = new ArrayList<>();
              List<Integer> numbers = new ArrayList<>();
              boolean more;
              synchronized (this) {
                if (ar.succeeded() && ar.result() > 0 && on.equals(day)) {
                  reserved.addLast(new int[] {ar.result() - MAX_BLOCK + 1, ar.result()});
                } else if (ar.succeeded() && on.equals(day)) {
                  blocksFit = false; // the day's last numbers go one at a time
                }
                Integer n;
                while (!waiting.isEmpty() && (n = take()) != null) {
                  served.add(waiting.removeFirst());
                  numbers.add(n);
                }
                more = ar.succeeded() && blocksFit && on.equals(day) && !waiting.isEmpty();
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
                reserveBlock(on);
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
