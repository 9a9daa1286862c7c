package jp.oqsgateway.gateway.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What waits for someone, as gauges read from the tables every {@link #REFRESH}: exchanges whose
 * outcome is unknown and that nobody retried, the oldest pending exchange, the oldest undelivered
 * webhook. The ages are computed at each scrape from the last read, so they grow between reads; a
 * failed read keeps the last values (the database's own gauge, {@code oqsgw_dependency_up}, says
 * why).
 */
public final class OpsGauges {
  /** How often the counts are read: about one Prometheus scrape interval. */
  public static final Duration REFRESH = Duration.ofSeconds(15);

  private static final Logger LOG = LoggerFactory.getLogger(OpsGauges.class);

  private final OpsStore store;
  private final Clock clock;
  private final AtomicLong outcomeUnknown = new AtomicLong();
  private final AtomicReference<Optional<Instant>> oldestPending =
      new AtomicReference<>(Optional.empty());
  private final AtomicReference<Optional<Instant>> oldestUndelivered =
      new AtomicReference<>(Optional.empty());

  public OpsGauges(OpsStore store, MeterRegistry registry, Clock clock) {
    this.store = store;
    this.clock = clock;
    Gauge.builder("oqsgw.oqs.exchanges.outcome.unknown", outcomeUnknown, AtomicLong::get)
        .description(
            "Exchanges picked up and never answered (OUTCOME_UNKNOWN) that nobody has retried yet")
        .strongReference(true)
        .register(registry);
    Gauge.builder("oqsgw.oqs.exchanges.oldest.pending.age", this, g -> g.age(g.oldestPending))
        .description("Age of the oldest exchange still waiting for the terminal (0: none)")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("oqsgw.webhook.oldest.undelivered.age", this, g -> g.age(g.oldestUndelivered))
        .description(
            "Age of the oldest webhook delivery to an active subscription neither delivered nor"
                + " given up (0: none)")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  /** Reads the counts every {@link #REFRESH} from now on; the id of the timer to cancel. */
  public long every(Vertx vertx) {
    return vertx.setPeriodic(REFRESH.toMillis(), id -> refresh());
  }

  /** Reads the gauges' values now; never fails (a failed reading keeps the values before). */
  public Future<Void> refresh() {
    Future<Void> exchanges =
        store
            .exchangeCounts()
            .map(
                c -> {
                  outcomeUnknown.set(c.outcomeUnknown());
                  oldestPending.set(c.oldestPending());
                  return null;
                });
    Future<Void> webhooks =
        store
            .webhookHealth()
            .map(
                w -> {
                  oldestUndelivered.set(w.oldestUndelivered());
                  return null;
                });
    return Future.join(exchanges, webhooks)
        .<Void>mapEmpty()
        .recover(
            e -> {
              LOG.atDebug().setCause(e).log("operations gauges not refreshed");
              return Future.succeededFuture();
            });
  }

  private double age(AtomicReference<Optional<Instant>> oldest) {
    return oldest
        .get()
        .map(at -> Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0))
        .orElse(0.0);
  }
}
