package jp.oqsgateway.gateway.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for {@code webhook_subscription} and reading the delivery log. Deleting deactivates: the log
 * of a deleted subscription stays in the table for operators, but the API no longer shows it.
 * {@code owner} empty means "any owner" (admins and operators see every subscription).
 */
public final class WebhookStore {
  private static final String COLUMNS = "id, url, event_types, created_by, created_at";
  private static final String SEALED_PREFIX = SecretBox.PREFIX;

  private final Pool pool;

  public WebhookStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Inserts a subscription whose secret is already sealed ({@code SecretBox}), unless its creator
   * holds {@code limit} active ones already (then fails with a conflict {@link Rejection}).
   * Creations by one subject are serialised (an advisory lock on the subject), so parallel requests
   * cannot exceed it.
   */
  public Future<WebhookSubscription> create(
      UUID id, String url, Set<EventType> types, String sealedSecret, String createdBy, int limit) {
    String[] names = types.stream().map(EventType::wireName).sorted().toArray(String[]::new);
    return pool.withTransaction(
        tx ->
            tx.preparedQuery("select 1 from pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of("webhook_subscription:" + createdBy))
                .compose(
                    locked ->
                        tx.preparedQuery(
                                "select count(*) from webhook_subscription"
                                    + " where active and created_by = $1")
                            .execute(Tuple.of(createdBy)))
                .compose(
                    counted -> {
                      if (counted.iterator().next().getLong(0) >= limit) {
                        return Future.failedFuture(limitReached(limit));
                      }
                      return tx.preparedQuery(
                              "insert into webhook_subscription"
                                  + " (id, url, event_types, secret, created_by)"
                                  + " values ($1, $2, $3, $4, $5) returning "
                                  + COLUMNS)
                          .execute(Tuple.of(id, url, names, sealedSecret, createdBy))
                          .map(rows -> toSubscription(rows.iterator().next()));
                    }));
  }

  /** Secrets stored in plain text (before V21): id → secret. Read once at start, to be sealed. */
  public Future<java.util.Map<UUID, String>> plaintextSecrets() {
    return pool.query(
            "select id, secret from webhook_subscription where secret not like '"
                + SEALED_PREFIX
                + "%'")
        .execute()
        .map(
            rows -> {
              java.util.Map<UUID, String> all = new java.util.LinkedHashMap<>();
              rows.forEach(r -> all.put(r.getUUID("id"), r.getString("secret")));
              return all;
            });
  }

  /** Replaces a plain-text secret by its sealed form, unless it was sealed meanwhile. */
  public Future<Void> replaceSecret(UUID id, String plaintext, String sealed) {
    return pool.preparedQuery(
            "update webhook_subscription set secret = $3 where id = $1 and secret = $2")
        .execute(Tuple.of(id, plaintext, sealed))
        .mapEmpty();
  }

  /** One sealed secret and its subscription id, to check the key opens them; empty if none. */
  public Future<Optional<java.util.Map.Entry<UUID, String>>> anySealedSecret() {
    return pool.query(
            "select id, secret from webhook_subscription where secret like '"
                + SEALED_PREFIX
                + "%' limit 1")
        .execute()
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(
                        java.util.Map.entry(
                            rows.iterator().next().getUUID("id"),
                            rows.iterator().next().getString("secret")))
                    : Optional.empty());
  }

  /** Active subscriptions, oldest first. */
  public Future<List<WebhookSubscription>> list(Optional<String> owner) {
    return select(
            "where active and ($1::text is null or created_by = $1) order by created_at, id",
            Tuple.of(owner.orElse(null)))
        .map(rows -> Rows.all(rows, WebhookStore::toSubscription));
  }

  public Future<Optional<WebhookSubscription>> find(UUID id, Optional<String> owner) {
    return select(
            "where id = $1 and active and ($2::text is null or created_by = $2)",
            Tuple.of(id, owner.orElse(null)))
        .map(rows -> Rows.first(rows, WebhookStore::toSubscription));
  }

  /** {@code select} of every column {@code from webhook_subscription}, then {@code where}. */
  private Future<RowSet<Row>> select(String where, Tuple args) {
    return pool.preparedQuery("select " + COLUMNS + " from webhook_subscription " + where)
        .execute(args);
  }

  /** Deactivates; false when there was no such active subscription (for this owner). */
  public Future<Boolean> deactivate(UUID id, Optional<String> owner) {
    return pool.preparedQuery(
            "update webhook_subscription set active = false, deleted_at = now() where id = $1 and"
                + " active and ($2::text is null or created_by = $2)")
        .execute(Tuple.of(id, owner.orElse(null)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The newest {@code limit} deliveries of a subscription, newest first. */
  public Future<List<DeliveryLogEntry>> deliveries(UUID subscriptionId, int limit) {
    return pool.preparedQuery(
            "select d.event_id, e.type, d.attempts, d.next_attempt_at, d.last_attempt_at,"
                + " d.last_status_code, d.last_error, d.delivered_at, d.given_up_at, d.created_at"
                + " from webhook_delivery d join outbox_event e on e.id = d.event_id"
                + " where d.subscription_id = $1 order by d.created_at desc, e.occurred_at desc"
                + " limit $2")
        .execute(Tuple.of(subscriptionId, limit))
        .map(rows -> Rows.all(rows, WebhookStore::toLogEntry));
  }

  private static DeliveryLogEntry toLogEntry(Row r) {
    boolean pending =
        r.getOffsetDateTime("delivered_at") == null && r.getOffsetDateTime("given_up_at") == null;
    return new DeliveryLogEntry(
        r.getUUID("event_id"),
        EventType.fromWire(r.getString("type")).orElseThrow(),
        r.getInteger("attempts"),
        pending ? Rows.instant(r, "next_attempt_at") : Optional.empty(),
        Rows.instant(r, "last_attempt_at"),
        Optional.ofNullable(r.getInteger("last_status_code")),
        Optional.ofNullable(r.getString("last_error")),
        Rows.instant(r, "delivered_at"),
        Rows.instant(r, "given_up_at"),
        instant(r.getOffsetDateTime("created_at")));
  }

  private static WebhookSubscription toSubscription(Row r) {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (String name : r.getArrayOfStrings("event_types")) {
      EventType.fromWire(name).ifPresent(types::add);
    }
    return new WebhookSubscription(
        r.getUUID("id"),
        r.getString("url"),
        types,
        r.getString("created_by"),
        instant(r.getOffsetDateTime("created_at")));
  }

  static Instant instant(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }

  private static Rejection limitReached(int limit) {
    return Rejection.conflict(
        "too-many-webhook-subscriptions",
        "Too many webhook subscriptions",
        "this caller already holds "
            + limit
            + " active webhook subscriptions, the most"
            + " webhooks.max-subscriptions-per-subject allows; delete one first");
  }
}
