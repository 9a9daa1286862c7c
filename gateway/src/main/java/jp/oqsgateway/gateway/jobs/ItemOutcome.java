package jp.oqsgateway.gateway.jobs;

import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.events.Event;

/**
 * How an item ended: one of its kind's outcome slugs, whether that counts as failed, a detail in
 * words without patient data, and the outbox events its end announces. The runner appends {@code
 * events} in the transaction that ends the item, so an event is written exactly when the item ends:
 * a crash before that commit leaves neither, and the item followed again after the restart writes
 * them once.
 */
public record ItemOutcome(
    String outcome, boolean failed, Optional<String> detail, List<Event> events) {
  /** The outcome of an item whose kind failed to process or follow it. */
  public static final String ERROR = "error";

  public ItemOutcome {
    events = List.copyOf(events);
  }

  public ItemOutcome(String outcome, boolean failed, Optional<String> detail) {
    this(outcome, failed, detail, List.of());
  }

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

  /** This outcome, announcing {@code announced} in the transaction that ends the item. */
  public ItemOutcome announcing(List<Event> announced) {
    return new ItemOutcome(outcome, failed, detail, announced);
  }
}
