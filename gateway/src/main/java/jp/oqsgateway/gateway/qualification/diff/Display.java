package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.OqsCode;

/**
 * Display strings for staff: dates {@code 2025/06/01}, ratios {@code 2割}, codes {@code B09 一般Ⅱ}.
 */
final class Display {
  static final String NONE = "";
  static final String OPEN_ENDED = "期限なし";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");

  private Display() {}

  static String text(String s) {
    return s == null ? NONE : s;
  }

  static String date(LocalDate d) {
    return d == null ? NONE : DATE.format(d);
  }

  static String validTo(LocalDate d) {
    return d == null ? OPEN_ENDED : DATE.format(d);
  }

  static String ratio(Integer percent) {
    if (percent == null) {
      return NONE;
    }
    return percent % 10 == 0 ? percent / 10 + "割" : percent + "%";
  }

  static <E extends Enum<E> & OqsCode> String code(Coded<E> coded) {
    return coded.raw() + coded.label().map(l -> " " + l).orElse("");
  }

  static String code(String raw, Optional<String> label) {
    return raw == null ? NONE : raw + label.map(l -> " " + l).orElse("");
  }
}
