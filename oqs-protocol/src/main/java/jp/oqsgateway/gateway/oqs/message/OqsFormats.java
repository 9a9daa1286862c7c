package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The value formats of OQS-PROTOCOL.md §2.1/§4.3: dates YYYYMMDD, date-times YYYYMMDDHHmmss, months
 * YYYYMM and 3-digit percentage ratios ({@code 020} = 2割 = 20). Parsing is strict: partially
 * redacted values such as {@code 202410（カット）} are not dates.
 */
public final class OqsFormats {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("uuuuMM").withResolverStyle(ResolverStyle.STRICT);

  private OqsFormats() {}

  public static Optional<LocalDate> parseDate(String s) {
    if (s == null || !s.matches("\\d{8}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(s, DATE));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public static Optional<LocalDateTime> parseDateTime(String s) {
    if (s == null || !s.matches("\\d{14}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(s, DATE_TIME));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public static Optional<YearMonth> parseMonth(String s) {
    if (s == null || !s.matches("\\d{6}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(YearMonth.parse(s, MONTH));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A 3-digit percentage between 000 and 100, as an int percent. */
  public static OptionalInt parseRatio(String s) {
    if (s == null || !s.matches("\\d{3}")) {
      return OptionalInt.empty();
    }
    int v = Integer.parseInt(s);
    return v <= 100 ? OptionalInt.of(v) : OptionalInt.empty();
  }

  /** A non-negative decimal count. */
  public static OptionalInt parseCount(String s) {
    if (s == null || !s.matches("\\d{1,9}")) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(s));
  }

  public static String date(LocalDate d) {
    return d.format(DATE);
  }

  public static String dateTime(LocalDateTime t) {
    return t.withNano(0).format(DATE_TIME);
  }

  public static String month(YearMonth m) {
    return m.format(MONTH);
  }

  public static String ratio(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("a ratio is a percentage between 0 and 100");
    }
    return String.format("%03d", percent);
  }
}
