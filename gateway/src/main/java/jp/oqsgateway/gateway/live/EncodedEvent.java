package jp.oqsgateway.gateway.live;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Set;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.SequencedEvent;

/**
 * An event encoded once for every connection: its WebSocket frame and its SSE frame.
 *
 * @param wsFrame {@code {"type":"event","event":<Event.toJson()>}} as a WebSocket text frame
 *     ({@link TextFrame}) in a direct buffer: the same bytes, never copied, go to every WebSocket
 *     that takes the event (each write reads a duplicate; nobody writes into it)
 * @param sse {@code id:}, {@code event:} and {@code data:} lines ending with a blank line
 * @param desks the desks the event names ({@link LiveFilter#desksOf}), read once rather than by
 *     every connection's filter
 * @param audited whether showing it is recorded first ({@link Event#namesCheckOrPatient}), read
 *     once
 */
public record EncodedEvent(
    long seq, Event event, ByteBuffer wsFrame, String sse, Set<String> desks, boolean audited) {
  /** A live event, written to many connections: its frame in a direct buffer. */
  static EncodedEvent of(SequencedEvent e) {
    return encode(e, true);
  }

  /**
   * A replayed event, written to one connection: its frame on the heap (a direct buffer is costly
   * to allocate and freed only by a garbage collection, too dear for one write).
   */
  static EncodedEvent replayed(SequencedEvent e) {
    return encode(e, false);
  }

  private static EncodedEvent encode(SequencedEvent e, boolean direct) {
    JsonObject body = e.event().toJson();
    String data = body.encode();
    return new EncodedEvent(
        e.seq(),
        e.event(),
        frame(TextFrame.of("{\"type\":\"event\",\"event\":" + data + "}"), direct),
        "id: "
            + e.event().id()
            + "\nevent: "
            + e.event().type().wireName()
            + "\ndata: "
            + data
            + "\n\n",
        LiveFilter.desksOf(e.event().payload()),
        e.event().namesCheckOrPatient());
  }

  /** A direct buffer the socket takes as it is, where a heap one is copied for every write. */
  private static ByteBuffer frame(byte[] bytes, boolean direct) {
    return direct
        ? ByteBuffer.allocateDirect(bytes.length).put(bytes).flip()
        : ByteBuffer.wrap(bytes);
  }
}
