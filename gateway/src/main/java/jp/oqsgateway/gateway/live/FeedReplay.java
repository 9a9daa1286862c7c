package jp.oqsgateway.gateway.live;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import jp.oqsgateway.gateway.events.SequencedEvent;
import jp.oqsgateway.gateway.notify.DeliveryQueue;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * Reads what a reconnecting client missed from {@code outbox_event}, by feed number after the last
 * event it saw, within {@code live.replay-window} and {@code live.replay-max-events}.
 */
public final class FeedReplay {
  /** What a client gets from its last seen event: the events after it, or a gap. */
  public sealed interface Outcome {}

  /** Every numbered event after the client's last one, in feed order (possibly none). */
  public record Events(List<SequencedEvent> events) implements Outcome {}

  /**
   * The gateway cannot replay from there: {@code beyond-replay-window} or {@code unknown-event-id}.
   */
  public record Gap(String reason) implements Outcome {}

  private final Pool pool;
  private final Duration window;
  private final int maxEvents;

  public FeedReplay(Pool pool, Duration window, int maxEvents) {
    this.pool = pool;
    this.window = window;
    this.maxEvents = maxEvents;
  }

  /** The events numbered after {@code lastEventId}, or why they cannot be replayed. */
  public Future<Outcome> after(UUID lastEventId) {
    return pool.preparedQuery(
            "select coalesce(feed_seq, (select coalesce(max(feed_seq), 0) from outbox_event))"
                + " as from_seq,"
                + " recorded_at < now() - ($2::bigint * interval '1 millisecond') as too_old"
                + " from outbox_event where id = $1")
        .execute(Tuple.of(lastEventId, window.toMillis()))
        .compose(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return Future.succeededFuture(new Gap("unknown-event-id"));
              }
              Row last = rows.iterator().next();
              if (last.getBoolean("too_old")) {
                return Future.succeededFuture(new Gap("beyond-replay-window"));
              }
              return since(last.getLong("from_seq"));
            });
  }

  private Future<Outcome> since(long seq) {
    return pool.preparedQuery(
            "select feed_seq, id, type, occurred_at, payload from outbox_event"
                + " where feed_seq > $1 order by feed_seq limit $2")
        .execute(Tuple.of(seq, maxEvents + 1))
        .map(
            rows -> {
              List<SequencedEvent> events = Rows.all(rows, DeliveryQueue::toSequenced);
              return events.size() > maxEvents
                  ? new Gap("beyond-replay-window")
                  : new Events(events);
            });
  }
}
