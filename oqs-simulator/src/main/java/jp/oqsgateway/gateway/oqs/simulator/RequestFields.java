package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Typed values read from request fields: a malformed value reads as absent, so the caller answers
 * with an error instead of failing.
 */
final class RequestFields {
  private RequestFields() {}

  static Optional<LocalDate> date(String s) {
    try {
      return Optional.of(OqsDates.parseDate(s));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<YearMonth> month(String s) {
    try {
      return Optional.of(OqsDates.parseMonth(s));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@code <prefix>From} and {@code <prefix>To}, both present and valid. */
  static Optional<LocalDate[]> range(XmlElement search, String prefix) {
    Optional<LocalDate> from = search.text(prefix + "From").flatMap(RequestFields::date);
    Optional<LocalDate> to = search.text(prefix + "To").flatMap(RequestFields::date);
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LocalDate[] {from.get(), to.get()});
  }
}
