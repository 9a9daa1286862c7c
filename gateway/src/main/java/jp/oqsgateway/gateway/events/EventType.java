package jp.oqsgateway.gateway.events;

import java.util.Optional;

/**
 * What happened, as named on the wire (outbox, webhooks, later WebSocket). A bounded set: metrics
 * may use it as a label, and a receiver can rely on no other name appearing.
 */
public enum EventType {
  CHECK_ANSWERED("check.answered"),
  CHECK_FAILED("check.failed"),
  CHECK_QUEUED("check.queued"),
  QUALIFICATION_CHANGED("qualification.changed"),
  CARD_UNLINKED("card.unlinked"),
  TERMINAL_LINK_DOWN("terminal.link.down"),
  TERMINAL_LINK_UP("terminal.link.up"),
  HOMEVISIT_ALERT("homevisit.alert"),
  JOB_PROGRESS("job.progress"),
  /** A reader agent saw a card inserted (ids, desk, reader and card type only). */
  CARD_INSERTED("card.inserted"),
  CARD_REMOVED("card.removed"),
  /** A reader appeared, disappeared, or PC/SC became (un)available on a reception PC. */
  READER_STATUS("reader.status"),
  /** Something staff must see about a card (wrong PIN, locked, expired, unreadable...). */
  CARD_ERROR("card.error"),
  /** A card at a desk needs a receptionist to link it to its chart patient. */
  CARD_LINK_TASK("card.link.task"),
  /** A reader agent's link to the agent server opened (its agent id, desks and when). */
  AGENT_CONNECTED("agent.connected"),
  /** A reader agent's link closed (why, and since when it had been connected). */
  AGENT_DISCONNECTED("agent.disconnected"),
  /** A webhook delivery was given up after its last allowed attempt. */
  WEBHOOK_GIVEN_UP("webhook.given-up");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The dotted name, e.g. {@code check.answered}. */
  public String wireName() {
    return wireName;
  }

  /** The type with this dotted name, if there is one. */
  public static Optional<EventType> fromWire(String name) {
    for (EventType t : values()) {
      if (t.wireName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
