package jp.oqsgateway.gateway.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.audit.AuditStore;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.logging.RequestIds;

/**
 * Records, before each webhook attempt, that an event carrying check or patient data (a check id or
 * a chart patient id: the results of checks, card checks at a desk among them, qualification
 * changes, home-visit alerts) is leaving the gateway: to which subscription, owned by whom, for
 * which desk. Events that name no patient or check (card inserted, reader status, link up/down) are
 * not reads and are not recorded. An attempt that cannot be recorded is not made.
 */
public final class DeliveryAudit {
  static final String PURPOSE = "webhook-delivery";

  private final Pool pool;
  private final AuditStore store;

  public DeliveryAudit(Pool pool, AuditStore store) {
    this.pool = pool;
    this.store = store;
  }

  /** True when the event carries data of a check or a patient. */
  static boolean carriesPatientData(Event event) {
    JsonObject data = event.payload();
    return data.containsKey("checkId") || data.containsKey("chartPatientId");
  }

  /** Records the attempt when the event carries patient data; the id of the attempt either way. */
  public Future<String> beforeSending(DueDelivery d) {
    String attemptId = RequestIds.newId();
    if (!carriesPatientData(d.event())) {
      return Future.succeededFuture(attemptId);
    }
    JsonObject data = d.event().payload();
    Optional<UUID> checkId = uuid(data.getValue("checkId"));
    Optional<String> desk =
        Optional.ofNullable(data.getString("desk"))
            .or(() -> Optional.ofNullable(data.getString("deskId")));
    return pool.preparedQuery("select created_by from webhook_subscription where id = $1")
        .execute(Tuple.of(d.subscriptionId()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(
                        new IllegalStateException("the subscription was deleted; not sent"))
                    : store.record(
                        new AuditStore.Entry(
                            rows.iterator().next().getString("created_by"),
                            List.of(),
                            PURPOSE,
                            Optional.ofNullable(data.getString("chartPatientId")),
                            checkId,
                            attemptId,
                            Optional.empty(),
                            Optional.of("webhook-subscription:" + d.subscriptionId()),
                            desk)))
        .map(attemptId);
  }

  private static Optional<UUID> uuid(Object value) {
    try {
      return value instanceof String s ? Optional.of(UUID.fromString(s)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a check of ours: recorded without it
    }
  }
}
