package jp.oqsgateway.gateway.notify;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.events.EventType;

/**
 * One event's delivery to one subscription, as the delivery log shows it.
 *
 * @param attempts HTTP attempts made so far
 * @param nextAttemptAt present while the delivery is still pending
 * @param lastError why the last attempt failed (status or connection error), without the URL's
 *     query or any body
 */
public record DeliveryLogEntry(
    UUID eventId,
    EventType eventType,
    int attempts,
    Optional<Instant> nextAttemptAt,
    Optional<Instant> lastAttemptAt,
    Optional<Integer> lastStatusCode,
    Optional<String> lastError,
    Optional<Instant> deliveredAt,
    Optional<Instant> givenUpAt,
    Instant createdAt) {

  public enum State {
    PENDING,
    DELIVERED,
    GIVEN_UP
  }

  public State state() {
    if (deliveredAt.isPresent()) {
      return State.DELIVERED;
    }
    return givenUpAt.isPresent() ? State.GIVEN_UP : State.PENDING;
  }
}
