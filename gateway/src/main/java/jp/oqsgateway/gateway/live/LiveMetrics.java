package jp.oqsgateway.gateway.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import jp.oqsgateway.gateway.metrics.Histograms;

/** The live feed's meters; labels are the transport, the close reason and the outcome only. */
public final class LiveMetrics {
  /**
   * Delivery lag buckets: an event (a card inserted at a desk, a check answered) reaches the
   * screens within milliseconds; seconds mean a stalled event loop or a slow database.
   */
  static final Duration[] LAG_BUCKETS =
      Histograms.seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> clients;
  private final Timer lag;
  private final Map<String, Counter> sent;

  public LiveMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.clients = Map.of("ws", new AtomicInteger(), "sse", new AtomicInteger());
    clients.forEach(
        (transport, count) ->
            Gauge.builder("oqsgw.live.clients", count, AtomicInteger::get)
                .description("Live connections open")
                .tag("transport", transport)
                .strongReference(true)
                .register(registry));
    // Registered once: a lookup per message and connection would cost more than the write itself.
    this.sent =
        Map.of(
            "ws", sentCounter(registry, "ws"),
            "sse", sentCounter(registry, "sse"));
    this.lag =
        Timer.builder("oqsgw.live.delivery.lag")
            .description(
                "From an event's occurredAt to its being written to the live connections of one"
                    + " event loop (one sample per event and event loop)")
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(registry);
    for (String transport : clients.keySet()) {
      for (CloseReason reason : CloseReason.values()) {
        disconnects(transport, reason);
      }
    }
    replays("replayed");
    replays("gap");
  }

  void opened(String transport) {
    clients.get(transport).incrementAndGet();
  }

  void closed(String transport, CloseReason reason) {
    clients.get(transport).decrementAndGet();
    disconnects(transport, reason).increment();
  }

  private Counter disconnects(String transport, CloseReason reason) {
    return Counter.builder("oqsgw.live.disconnects")
        .description("Live connections ended, by reason")
        .tags("transport", transport, "reason", reason.label())
        .register(registry);
  }

  private static Counter sentCounter(MeterRegistry registry, String transport) {
    return Counter.builder("oqsgw.live.events.sent")
        .description("Events written to live connections")
        .tag("transport", transport)
        .register(registry);
  }

  /** {@code count} events written to connections of one transport. */
  void sent(String transport, int count) {
    if (count > 0) {
      sent.get(transport).increment(count);
    }
  }

  /** An event's occurredAt to its being written to the connections of one event loop. */
  void lag(Duration sinceOccurred) {
    lag.record(sinceOccurred.isNegative() ? Duration.ZERO : sinceOccurred);
  }

  void replay(String outcome) {
    replays(outcome).increment();
  }

  private Counter replays(String outcome) {
    return Counter.builder("oqsgw.live.replays")
        .description("Reconnections that asked for missed events: replayed or gap")
        .tag("outcome", outcome)
        .register(registry);
  }
}
