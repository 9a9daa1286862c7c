package jp.oqsgateway.gateway.live;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.SequencedEvent;

/**
 * An event encoded once for every connection: its WebSocket message and its SSE frame.
 *
 * @param ws {@code {"type":"event","event":<Event.toJson()>}}
 * @param sse {@code id:}, {@code event:} and {@code data:} lines ending with a blank line
 * @param desks the desks the event names ({@link LiveFilter#desksOf}), read once rather than by
 *     every connection's filter
 */
public record EncodedEvent(long seq, Event event, String ws, String sse, Set<String> desks) {
  static EncodedEvent of(SequencedEvent e) {
    JsonObject body = e.event().toJson();
    String data = body.encode();
    return new EncodedEvent(
        e.seq(),
        e.event(),
        "{\"type\":\"event\",\"event\":" + data + "}",
        "id: "
            + e.event().id()
            + "\nevent: "
            + e.event().type().wireName()
            + "\ndata: "
            + data
            + "\n\n",
        LiveFilter.desksOf(e.event().payload()));
  }
}
