package jp.oqsgateway.gateway.jobs;

import java.util.Optional;

/**
 * How an item ended: one of its kind's outcome slugs, whether that counts as failed, and a detail
 * in words without patient data.
 */
public record ItemOutcome(String outcome, boolean failed, Optional<String> detail) {
  /** The outcome of an item whose kind failed to process or follow it. */
  public static final String ERROR = "error";

  /** Ended as the kind intended. */
  public static ItemOutcome done(String outcome) {
    return new ItemOutcome(outcome, false, Optional.empty());
  }

  /** Ended as the kind intended, with a detail. */
  public static ItemOutcome done(String outcome, String detail) {
    return new ItemOutcome(outcome, false, Optional.of(detail));
  }

  /** Ended without its effect, and why. */
  public static ItemOutcome failed(String outcome, String detail) {
    return new ItemOutcome(outcome, true, Optional.of(detail));
  }
}
