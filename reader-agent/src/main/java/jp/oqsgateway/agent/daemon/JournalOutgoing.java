package jp.oqsgateway.agent.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.agent.journal.Journal;
import jp.oqsgateway.agent.link.Outgoing;
import jp.oqsgateway.agent.link.PendingEvent;
import jp.oqsgateway.agentprotocol.AgentEvent;

/** The journal as the link drains it (called on worker threads: the journal does file I/O). */
final class JournalOutgoing implements Outgoing {
  private final Journal journal;

  JournalOutgoing(Journal journal) {
    this.journal = journal;
  }

  @Override
  public Optional<PendingEvent> oldest() {
    return journal.pending().stream()
        .findFirst()
        .map(e -> new PendingEvent(e.eventId(), e.address(), e.toJson()));
  }

  @Override
  public void acknowledge(UUID eventId) {
    try {
      journal.acknowledge(eventId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds an event, on disk before it returns. */
  void append(AgentEvent event) throws IOException {
    journal.append(event);
  }
}
