package jp.oqsgateway.gateway.agents;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import jp.oqsgateway.agentprotocol.AgentEvent;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.Outbox;

/**
 * SQL for {@code agent_event}: each event an agent reports is stored once, by its own id, and in
 * the same transaction its outbox event and whatever else it causes ({@code then}) are written. A
 * repeated id changes nothing.
 */
public final class AgentEventStore {
  private final Pool pool;
  private final Outbox outbox;

  public AgentEventStore(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  /**
   * Stores the event with {@code payload} (the body without certificate or signature), appends
   * {@code event} (if any) and runs {@code then} in the same transaction; empty when the id was
   * stored before. A failure of {@code then} rolls everything back.
   */
  public <T> Future<Optional<T>> storeOnce(
      AgentEvent e,
      JsonObject payload,
      Optional<Event> event,
      Function<SqlConnection, Future<T>> then) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "insert into agent_event (event_id, agent_id, type, desk_id, reader_id,"
                        + " occurred_at, payload) values ($1, $2, $3, $4, $5, $6, $7)"
                        + " on conflict (event_id) do nothing returning event_id")
                .execute(
                    Tuple.from(
                        new Object[] {
                          e.eventId(),
                          e.agentId(),
                          e.address(),
                          e.deskId(),
                          e.readerId(),
                          e.occurredAt().atOffset(ZoneOffset.UTC),
                          payload
                        }))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<T>empty());
                      }
                      Future<Void> appended =
                          event.map(ev -> outbox.append(tx, ev)).orElse(Future.succeededFuture());
                      return appended.compose(v -> then.apply(tx)).map(Optional::ofNullable);
                    }));
  }
}
