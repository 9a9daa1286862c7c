package jp.oqsgateway.gateway.oqs.link;

import java.time.LocalDate;

/**
 * The day's request file names are used up ({@link RequestSequence}: 9,999 a day, or 999,999 with
 * {@code oqs.link.extended-request-names}). Nothing was sent.
 */
public final class RequestNumbersUsedUp extends IllegalStateException {
  public RequestNumbersUsedUp(LocalDate day, int perDay) {
    super("all " + perDay + " request numbers of " + day + " are used");
  }
}
