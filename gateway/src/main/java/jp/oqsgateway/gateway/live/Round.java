package jp.oqsgateway.gateway.live;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The events of one relay round, as one event loop delivers them. Most connections take every event
 * of a round (a chart system, a desk whose events these are): for them the round's frames are
 * joined once into one buffer, and each such connection gets that one buffer, one write for the
 * whole round instead of one per event. Used on one event loop only.
 */
public final class Round {
  private final List<EncodedEvent> events;
  private final boolean audited;
  private ByteBuffer wsFrames;
  private String sse;

  Round(List<EncodedEvent> events) {
    this.events = events;
    this.audited = events.stream().anyMatch(EncodedEvent::audited);
  }

  List<EncodedEvent> events() {
    return events;
  }

  /** Whether any of its events is recorded in the audit before it is shown. */
  boolean audited() {
    return audited;
  }

  /** Every event's WebSocket frame, in order, in one direct buffer (read with a duplicate). */
  public ByteBuffer wsFrames() {
    if (wsFrames == null) {
      if (events.size() == 1) {
        wsFrames = events.get(0).wsFrame();
      } else {
        int size = 0;
        for (EncodedEvent e : events) {
          size += e.wsFrame().remaining();
        }
        ByteBuffer joined = ByteBuffer.allocateDirect(size);
        for (EncodedEvent e : events) {
          joined.put(e.wsFrame().duplicate());
        }
        wsFrames = joined.flip();
      }
    }
    return wsFrames;
  }

  /** Every event's SSE frame, in order. */
  public String sse() {
    if (sse == null) {
      StringBuilder all = new StringBuilder();
      events.forEach(e -> all.append(e.sse()));
      sse = all.toString();
    }
    return sse;
  }

  /** Events in the round: messages a connection that takes all of them is sent. */
  public int size() {
    return events.size();
  }
}
