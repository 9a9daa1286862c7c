package jp.oqsgateway.gateway.http.checks;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.RequestDates;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.qualification.CheckRequest;

/**
 * Turns a request body the router already validated against the schema into a {@link CheckRequest},
 * applying the rules a schema cannot express (a real calendar date, the insurer number's check
 * digit, no 記号/枝番 for 後期高齢). A broken rule throws {@link Rejection#invalid} naming the field.
 */
final class CheckRequests {
  private CheckRequests() {}

  static CheckRequest from(JsonObject body, ZoneId zone) {
    String insurer = body.getString("insurerNumber");
    InsurerNumber number =
        InsurerNumber.parse(insurer)
            .orElseThrow(() -> Rejection.invalid("insurerNumber", "must be 6 or 8 digits"));
    if (!number.hasValidCheckDigit()) {
      throw Rejection.invalid(
          "insurerNumber", "check digit should be " + expectedCheckDigit(number.digits()));
    }
    Optional<String> symbol = Optional.ofNullable(body.getString("insuredCardSymbol"));
    Optional<String> branch = Optional.ofNullable(body.getString("insuredBranchNumber"));
    if (number.isLateStageElderly() && symbol.isPresent()) {
      throw Rejection.invalid("insuredCardSymbol", "後期高齢 (法別39) has no 記号; omit it");
    }
    return new CheckRequest(
        number,
        symbol,
        body.getString("insuredIdentificationNumber"),
        branch,
        date(body, "birthdate").orElseThrow(),
        date(body, "confirmationDate").orElse(LocalDate.now(zone)),
        body.getBoolean("limitApplicationConsent"),
        Optional.ofNullable(body.getString("chartPatientId")));
  }

  private static Optional<LocalDate> date(JsonObject body, String field) {
    return Optional.ofNullable(body.getString(field)).map(raw -> RequestDates.realDate(field, raw));
  }

  /** The digit that would make the number valid (OQS-PROTOCOL.md §4.1). */
  static char expectedCheckDigit(String digits) {
    String body = digits.substring(0, digits.length() - 1);
    for (char d = '0'; d <= '9'; d++) {
      if (InsurerNumber.isValidCheckDigit(body + d)) {
        return d;
      }
    }
    throw new IllegalStateException("no check digit fits");
  }
}
