package jp.oqsgateway.gateway.oqs.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The date formats of the OQS files (OQS-PROTOCOL.md §2.1); the terminal runs on Japan time. */
final class OqsDates {
  static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
  static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
  static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuuMM");

  private OqsDates() {}

  static String date(LocalDate d) {
    return d == null ? null : DATE.format(d);
  }

  static String dateTime(Instant i) {
    return DATE_TIME.format(LocalDateTime.ofInstant(i, JST));
  }

  static String dateTime(LocalDateTime t) {
    return DATE_TIME.format(t);
  }

  static String month(YearMonth m) {
    return MONTH.format(m);
  }

  static LocalDate parseDate(String s) {
    return LocalDate.parse(s, DATE);
  }

  static YearMonth parseMonth(String s) {
    return YearMonth.parse(s, MONTH);
  }

  static LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, JST);
  }
}
