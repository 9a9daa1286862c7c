package jp.oqsgateway.gateway.notify;

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
  JOB_PROGRESS("job.progress");

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
