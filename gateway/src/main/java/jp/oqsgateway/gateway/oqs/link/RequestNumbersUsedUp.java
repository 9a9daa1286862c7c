package jp.oqsgateway.gateway.oqs.link;

import java.time.LocalDate;

/**
 * The day's request file names are used up: a name carries {@code yyyyMMdd} and a 4-digit number
 * (OQS-PROTOCOL.md §1.2), so one day has {@value RequestSequence#MAX_PER_DAY}. Nothing was sent.
 */
public final class RequestNumbersUsedUp extends IllegalStateException {
  public RequestNumbersUsedUp(LocalDate day) {
    super("all " + RequestSequence.MAX_PER_DAY + " request numbers of " + day + " are used");
  }
}
