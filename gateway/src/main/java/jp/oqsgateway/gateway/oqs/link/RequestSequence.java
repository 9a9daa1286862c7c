package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The daily sequence behind request-file suffixes, always 12 digits (OQS-PROTOCOL.md §1.2). The
 * day's numbers 1 to 9,999 are written as the known clients write them, {@code yyyyMMdd} and 4
 * digits. With extended names, numbers 10,000 to 999,999 are written as {@code yyMMdd} and 6 digits
 * ({@code 261205010000}): read as the first form that would be the year 2612, so the two never
 * meet. One atomic upsert per number, so suffixes never repeat across restarts or concurrent
 * submits.
 */
final class RequestSequence {
  /** The day's names in the form the known clients use. */
  public static final int DATED_PER_DAY = 9999;

  /** The day's names with the extended form too. */
  public static final int EXTENDED_PER_DAY = 999_999;

  private static final DateTimeFormatter DATED = DateTimeFormatter.ofPattern("uuuuMMdd");
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("uuMMdd");

  private final Pool pool;
  private final int maxPerDay;

  public RequestSequence(Pool pool, boolean extended) {
    this.pool = pool;
    this.maxPerDay = extended ? EXTENDED_PER_DAY : DATED_PER_DAY;
  }

  /** The next 12-digit suffix for that day; fails once the day's numbers are used up. */
  public Future<String> next(LocalDate day) {
    return pool.preparedQuery(
            "insert into oqs_request_sequence (day, last) values ($1, 1)"
                + " on conflict (day) do update set last = oqs_request_sequence.last + 1"
                + " where oqs_request_sequence.last < "
                + maxPerDay
                + " returning last")
        .execute(Tuple.of(day))
        .compose(
            rows -> {
              if (rows.rowCount() == 0) {
                return Future.failedFuture(new RequestNumbersUsedUp(day, maxPerDay));
              }
              return Future.succeededFuture(suffix(day, rows.iterator().next().getInteger(0)));
            });
  }

  /** The day's {@code n}th suffix (1 ≤ n ≤ 999,999). */
  static String suffix(LocalDate day, int n) {
    return n <= DATED_PER_DAY
        ? DATED.format(day) + String.format("%04d", n)
        : SHORT.format(day) + String.format("%06d", n);
  }
}
