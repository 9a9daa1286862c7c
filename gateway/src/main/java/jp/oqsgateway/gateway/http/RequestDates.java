package jp.oqsgateway.gateway.http;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * Dates in requests: the schema checks their shape (YYYY-MM-DD), not that the day exists; one that
 * does not (2026-02-30) is refused naming the field.
 */
public final class RequestDates {
  private RequestDates() {}

  /** {@code raw} as a date; a {@link Rejection#invalid} naming {@code field} when it is none. */
  public static LocalDate realDate(String field, String raw) {
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw Rejection.invalid(field, "must be a real date YYYY-MM-DD");
    }
  }
}
