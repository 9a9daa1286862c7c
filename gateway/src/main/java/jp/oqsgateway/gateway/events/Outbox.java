package jp.oqsgateway.gateway.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;

/**
 * Writes events into {@code outbox_event} inside the caller's own transaction, so an event exists
 * exactly when the state it describes was committed:
 *
 * <pre>{@code
 * pool.withTransaction(tx -> updateState(tx).compose(s -> outbox.append(tx, Event.of(type, data))))
 * }</pre>
 *
 * The relay in {@code notify} picks committed events up; a rolled-back transaction leaves nothing
 * to relay. Appending the same event id twice fails (primary key): ids are generated at the source.
 */
public final class Outbox {
  private static final String INSERT =
      "insert into outbox_event (id, type, occurred_at, payload) values ($1, $2, $3, $4)";

  /** Appends the event in the transaction of {@code tx}. */
  public Future<Void> append(SqlConnection tx, Event event) {
    return insert(tx, event);
  }

  /**
   * Appends an event that describes no stored state of its own (e.g. the link's liveness, which is
   * kept in memory), in a statement of its own.
   */
  public Future<Void> appendAlone(SqlClient client, Event event) {
    return insert(client, event);
  }

  private static Future<Void> insert(SqlClient client, Event event) {
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.of(
                event.id(),
                event.type().wireName(),
                event.occurredAt().atOffset(ZoneOffset.UTC),
                event.payload()))
        .mapEmpty();
  }
}
