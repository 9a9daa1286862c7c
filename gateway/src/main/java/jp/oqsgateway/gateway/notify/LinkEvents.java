package jp.oqsgateway.gateway.notify;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.oqs.link.LinkStatus;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code terminal.link.down} / {@code terminal.link.up} each time the link program is seen to stop
 * or resume taking requests. The liveness is kept in memory, not in a table, so the event is its
 * only record and is appended on its own.
 */
public final class LinkEvents {
  private static final Logger LOG = LoggerFactory.getLogger(LinkEvents.class);

  private LinkEvents() {}

  /** Appends an event for every liveness change of {@code link}. */
  public static void forward(OqsLink link, Pool pool, Outbox outbox) {
    link.onLivenessChange(
        status ->
            outbox
                .appendAlone(pool, of(status))
                .onFailure(
                    e -> LOG.atError().setCause(e).log("cannot append a link liveness event")));
  }

  static Event of(LinkStatus status) {
    JsonObject data =
        new JsonObject().put("state", status.state().name()).put("pending", status.pending());
    status.reason().ifPresent(r -> data.put("reason", r));
    return Event.of(
        status.down() ? EventType.TERMINAL_LINK_DOWN : EventType.TERMINAL_LINK_UP, data);
  }
}
