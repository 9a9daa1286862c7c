package jp.oqsgateway.gateway.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.metrics.Histograms;

/** The relay's meters; labels are the bounded outcome and event type only, never URLs or ids. */
final class WebhookMetrics {
  enum Outcome {
    DELIVERED,
    RETRY,
    GIVEN_UP;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One POST: a receiver on the clinic's LAN answers in milliseconds; the last bounds reach the
   * longest {@code webhooks.timeout}.
   */
  static final Duration[] ATTEMPT_BUCKETS =
      Histograms.seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300);

  /**
   * Occurrence to delivery, retries included: under a second when the receiver is up, then the
   * retry delays (seconds to hours) while it is not.
   */
  static final Duration[] LATENCY_BUCKETS =
      Histograms.seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400);

  private final MeterRegistry registry;
  private final AtomicLong pending = new AtomicLong();

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("oqsgw.webhook.deliveries.pending", pending, AtomicLong::get)
        .description("Webhook deliveries neither delivered nor given up")
        .strongReference(true)
        .register(registry);
    for (EventType type : EventType.values()) {
      latencyTimer(type);
      for (Outcome outcome : Outcome.values()) {
        deliveries(type, outcome);
      }
    }
    for (Outcome outcome : Outcome.values()) {
      attemptTimer(outcome);
    }
  }

  void pending(long count) {
    pending.set(count);
  }

  /** One HTTP attempt ended with this outcome after {@code took}. */
  void attempt(EventType type, Outcome outcome, Duration took) {
    deliveries(type, outcome).increment();
    attemptTimer(outcome).record(took);
  }

  /** From the event's occurrence to its successful delivery (retries included). */
  void latency(EventType type, Duration sinceOccurred) {
    latencyTimer(type).record(sinceOccurred.isNegative() ? Duration.ZERO : sinceOccurred);
  }

  private Counter deliveries(EventType type, Outcome outcome) {
    return Counter.builder("oqsgw.webhook.deliveries")
        .description("Webhook delivery attempts by outcome")
        .tag("type", type.wireName())
        .tag("outcome", outcome.label())
        .register(registry);
  }

  private Timer attemptTimer(Outcome outcome) {
    return timer(
        "oqsgw.webhook.attempt.duration",
        "Duration of one webhook POST, until the receiver answered or failed",
        "outcome",
        outcome.label(),
        ATTEMPT_BUCKETS);
  }

  private Timer latencyTimer(EventType type) {
    return timer(
        "oqsgw.webhook.delivery.latency",
        "From an event occurring to its webhook being delivered",
        "type",
        type.wireName(),
        LATENCY_BUCKETS);
  }

  private Timer timer(
      String name, String description, String tag, String value, Duration[] buckets) {
    return Timer.builder(name)
        .description(description)
        .tag(tag, value)
        .serviceLevelObjectives(buckets)
        .register(registry);
  }
}
