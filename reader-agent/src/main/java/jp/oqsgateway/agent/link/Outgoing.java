package jp.oqsgateway.agent.link;

import java.util.Optional;
import java.util.UUID;

/**
 * What the link drains: the journal of events not yet acknowledged by the gateway, oldest first.
 * Both methods may do file I/O: the link calls them on a worker thread, never on an event loop.
 */
public interface Outgoing {
  /** The oldest event not acknowledged yet. */
  Optional<PendingEvent> oldest();

  /** The gateway stored the event (or had stored it before): it leaves the journal. */
  void acknowledge(UUID eventId);
}
