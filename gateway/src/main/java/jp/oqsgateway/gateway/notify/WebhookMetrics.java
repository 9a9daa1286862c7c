package jp.oqsgateway.gateway.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import jp.oqsgateway.gateway.events.EventType;

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

  private final MeterRegistry registry;
  private final AtomicLong pending = new AtomicLong();

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("oqsgw.webhook.deliveries.pending", pending, AtomicLong::get)
        .description("Webhook deliveries neither delivered nor given up")
        .strongReference(true)
        .register(registry);
  }

  void pending(long count) {
    pending.set(count);
  }

  /** One HTTP attempt ended with this outcome after {@code took}. */
  void attempt(EventType type, Outcome outcome, Duration took) {
    Counter.builder("oqsgw.webhook.deliveries")
        .description("Webhook delivery attempts by outcome")
        .tag("type", type.wireName())
        .tag("outcome", outcome.label())
        .register(registry)
        .increment();
    timer(
        "oqsgw.webhook.attempt.duration",
        "Duration of one webhook POST, until the receiver answered or failed",
        "outcome",
        outcome.label(),
        took);
  }

  /** From the event's occurrence to its successful delivery (retries included). */
  void latency(EventType type, Duration sinceOccurred) {
    timer(
        "oqsgw.webhook.delivery.latency",
        "From an event occurring to its webhook being delivered",
        "type",
        type.wireName(),
        sinceOccurred.isNegative() ? Duration.ZERO : sinceOccurred);
  }

  private void timer(String name, String description, String tag, String value, Duration d) {
    Timer.builder(name)
        .description(description)
        .tag(tag, value)
        .publishPercentileHistogram()
        .register(registry)
        .record(d);
  }
}
