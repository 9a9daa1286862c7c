package jp.oqsgateway.gateway.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.audit.AuditStore;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.logging.RequestIds;

/**
 * Records, before each webhook attempt, that an event naming a check or a patient ({@link
 * Event#namesCheckOrPatient}) is leaving the gateway: to which subscription, owned by whom, for
 * which desk. Events that name neither are not reads and are not recorded. An attempt that cannot
 * be recorded is not made.
 */
public final class DeliveryAudit {
  static final String PURPOSE = "webhook-delivery";

  private final Pool pool;
  private final AuditStore store;

  public DeliveryAudit(Pool pool, AuditStore store) {
    this.pool = pool;
    this.store = store;
  }

  /** Records the attempt when the event carries patient data; the id of the attempt either way. */
  public Future<String> beforeSending(DueDelivery d) {
    String attemptId = RequestIds.newId();
    Event event = d.event();
    if (!event.namesCheckOrPatient()) {
      return Future.succeededFuture(attemptId);
    }
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
                            event.chartPatientId(),
                            event.checkId(),
                            attemptId,
                            Optional.empty(),
                            Optional.of("webhook-subscription:" + d.subscriptionId()),
                            event.desk())))
        .map(attemptId);
  }
}
