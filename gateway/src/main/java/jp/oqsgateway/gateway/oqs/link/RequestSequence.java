package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The daily sequence behind request-file suffixes ({@code yyyyMMdd} + 4 digits, OQS-PROTOCOL.md
 * §1.2). One atomic upsert per number, so suffixes never repeat across restarts or concurrent
 * submits.
 */
final class RequestSequence {
  public static final int MAX_PER_DAY = 9999;
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Pool pool;

  public RequestSequence(Pool pool) {
    this.pool = pool;
  }

  /** The next 12-digit suffix for that day; fails once the day's 9999 numbers are used up. */
  public Future<String> next(LocalDate day) {
    return pool.preparedQuery(
            "insert into oqs_request_sequence (day, last) values ($1, 1)"
                + " on conflict (day) do update set last = oqs_request_sequence.last + 1"
                + " where oqs_request_sequence.last < "
                + MAX_PER_DAY
                + " returning last")
        .execute(Tuple.of(day))
        .compose(
            rows -> {
              if (rows.rowCount() == 0) {
                return Future.failedFuture(new RequestNumbersUsedUp(day));
              }
              int n = rows.iterator().next().getInteger(0);
              return Future.succeededFuture(DAY.format(day) + String.format("%04d", n));
            });
  }
}
