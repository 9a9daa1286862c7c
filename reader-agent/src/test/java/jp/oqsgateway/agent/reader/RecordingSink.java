package jp.oqsgateway.agent.reader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import jp.oqsgateway.agent.event.EventSink;
import jp.oqsgateway.agentprotocol.AgentEvent;

/** Keeps the events and waits for one with a deadline (never a fixed sleep). */
public final class RecordingSink implements EventSink {
  private final List<AgentEvent> events = new ArrayList<>();

  @Override
  public synchronized void accept(AgentEvent event) {
    events.add(event);
    notifyAll();
  }

  public synchronized List<AgentEvent> events() {
    return List.copyOf(events);
  }

  /** The first event from index {@code from} on that matches, waiting up to {@code limit}. */
  public synchronized <T extends AgentEvent> T await(
      Class<T> type, Predicate<T> match, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    int seen = 0;
    while (true) {
      for (; seen < events.size(); seen++) {
        AgentEvent e = events.get(seen);
        if (type.isInstance(e) && match.test(type.cast(e))) {
          return type.cast(e);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no " + type.getSimpleName() + " within " + limit + "; events: " + events);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  /** Forgets the events so far. */
  public synchronized void clear() {
    events.clear();
  }
}
