package jp.oqsgateway.gateway.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.events.SequencedEvent;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * The relay's work queue in {@code webhook_delivery}. Every step is one statement, so a relay that
 * dies between two steps leaves the tables consistent, and several gateways on one database share
 * the work ({@code for update skip locked}).
 */
public final class DeliveryQueue {
  private static final int ERROR_MAX_CHARS = 500;

  private final Pool pool;
  private final Outbox outbox = new Outbox();

  public DeliveryQueue(Pool pool) {
    this.pool = pool;
  }

  /**
   * Turns up to {@code batch} committed events not yet fanned out into one delivery per matching
   * active subscription, and gives each its live-feed number (docs/LIVE.md), in one statement under
   * a transaction-scoped advisory lock: events are numbered in (recorded_at, id) order after their
   * commit, so an event committed later is numbered later whichever transaction started first, and
   * two relays on one database never interleave their numbers. Returns the events handled, in feed
   * order.
   */
  public Future<List<SequencedEvent>> fanOut(int batch) {
    return pool.withTransaction(
        tx ->
            tx.query("select pg_advisory_xact_lock(hashtext('" + FEED_LOCK + "'))")
                .execute()
                .compose(locked -> tx.preparedQuery(FAN_OUT).execute(Tuple.of(batch)))
                .map(
                    rows -> {
                      List<SequencedEvent> events =
                          new ArrayList<>(Rows.all(rows, DeliveryQueue::toSequenced));
                      events.sort(Comparator.comparingLong(SequencedEvent::seq));
                      return events;
                    }));
  }

  private static final String FEED_LOCK = "outbox_event.feed_seq";

  private static final String FAN_OUT =
      "with batch as (select id, type, recorded_at from outbox_event where feed_seq is null"
          + " order by recorded_at, id limit $1 for update),"
          + " numbered as (select b.id, b.type, (select coalesce(max(feed_seq), 0)"
          + " from outbox_event) + row_number() over (order by b.recorded_at, b.id) as seq"
          + " from batch b),"
          + " deliveries as (insert into webhook_delivery (subscription_id, event_id)"
          + " select s.id, n.id from numbered n join webhook_subscription s"
          + " on s.active and n.type = any (s.event_types) on conflict do nothing)"
          + " update outbox_event e set feed_seq = n.seq,"
          + " fanned_out_at = coalesce(e.fanned_out_at, now()) from numbered n where e.id = n.id"
          + " returning e.feed_seq, e.id, e.type, e.occurred_at, e.payload";

  /** An outbox row ({@code feed_seq, id, type, occurred_at, payload}) as a numbered event. */
  public static SequencedEvent toSequenced(Row r) {
    return new SequencedEvent(r.getLong("feed_seq"), toEvent(r));
  }

  private static Event toEvent(Row r) {
    return new Event(
        r.getUUID("id"),
        EventType.fromWire(r.getString("type")).orElseThrow(),
        WebhookStore.instant(r.getOffsetDateTime("occurred_at")),
        (JsonObject) r.getJson("payload"));
  }

  /**
   * Claims up to {@code limit} due deliveries of active subscriptions: moves their next attempt
   * {@code lease} ahead, so no other relay takes them meanwhile and a crash means a retry later.
   */
  public Future<List<DueDelivery>> claim(int limit, Duration lease) {
    return pool.preparedQuery(
            "with due as (select d.subscription_id, d.event_id from webhook_delivery d"
                + " join webhook_subscription s on s.id = d.subscription_id and s.active"
                + " where d.delivered_at is null and d.given_up_at is null"
                + " and d.next_attempt_at <= now() order by d.next_attempt_at limit $1"
                + " for update of d skip locked)"
                + " update webhook_delivery d"
                + " set next_attempt_at = now() + ($2::bigint * interval '1 millisecond')"
                + " from due, webhook_subscription s, outbox_event e"
                + " where d.subscription_id = due.subscription_id and d.event_id = due.event_id"
                + " and s.id = d.subscription_id and e.id = d.event_id"
                + " returning d.subscription_id, d.attempts, s.url, s.secret,"
                + " e.id, e.type, e.occurred_at, e.payload")
        .execute(Tuple.of(limit, lease.toMillis()))
        .map(rows -> Rows.all(rows, DeliveryQueue::toDue));
  }

  /** The attempt succeeded. */
  public Future<Void> delivered(UUID subscriptionId, UUID eventId, int statusCode) {
    return pool.preparedQuery(
            "update webhook_delivery set attempts = attempts + 1, last_attempt_at = now(),"
                + " last_status_code = $3, last_error = null, delivered_at = now()"
                + " where subscription_id = $1 and event_id = $2")
        .execute(Tuple.of(subscriptionId, eventId, statusCode))
        .mapEmpty();
  }

  /** The attempt failed; the next one is due after {@code delay}. */
  public Future<Void> retryLater(
      UUID subscriptionId, UUID eventId, Integer statusCode, String error, Duration delay) {
    return pool.preparedQuery(
            "update webhook_delivery set attempts = attempts + 1, last_attempt_at = now(),"
                + " last_status_code = $3, last_error = $4,"
                + " next_attempt_at = now() + ($5::bigint * interval '1 millisecond')"
                + " where subscription_id = $1 and event_id = $2")
        .execute(Tuple.of(subscriptionId, eventId, statusCode, clip(error), delay.toMillis()))
        .mapEmpty();
  }

  /**
   * The last allowed attempt failed: no more attempts. In the same transaction, {@code
   * webhook.given-up} is appended to the outbox, so operators hear of it exactly when it was
   * recorded; except when the event given up is itself a {@code webhook.given-up} (a dead receiver
   * of those would otherwise raise one more for ever).
   */
  public Future<Void> giveUp(
      UUID subscriptionId, UUID eventId, EventType type, Integer statusCode, String error) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "update webhook_delivery set attempts = attempts + 1, last_attempt_at = now(),"
                        + " last_status_code = $3, last_error = $4, given_up_at = now()"
                        + " where subscription_id = $1 and event_id = $2 and given_up_at is null"
                        + " returning attempts")
                .execute(Tuple.of(subscriptionId, eventId, statusCode, clip(error)))
                .compose(
                    rows ->
                        rows.size() == 0 || type == EventType.WEBHOOK_GIVEN_UP
                            ? Future.succeededFuture()
                            : outbox.append(
                                tx,
                                Event.of(
                                    EventType.WEBHOOK_GIVEN_UP,
                                    new JsonObject()
                                        .put("subscriptionId", subscriptionId.toString())
                                        .put("eventId", eventId.toString())
                                        .put("eventType", type.wireName())
                                        .put(
                                            "attempts",
                                            rows.iterator().next().getInteger("attempts"))))));
  }

  /** Deliveries of active subscriptions neither delivered nor given up. */
  public Future<Long> pendingCount() {
    return pool.query(
            "select count(*) from webhook_delivery d join webhook_subscription s"
                + " on s.id = d.subscription_id and s.active"
                + " where d.delivered_at is null and d.given_up_at is null")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static String clip(String error) {
    return error == null || error.length() <= ERROR_MAX_CHARS
        ? error
        : error.substring(0, ERROR_MAX_CHARS);
  }

  private static DueDelivery toDue(Row r) {
    Event event = toEvent(r);
    return new DueDelivery(
        r.getUUID("subscription_id"),
        r.getString("url"),
        r.getString("secret"),
        r.getInteger("attempts"),
        event);
  }
}
