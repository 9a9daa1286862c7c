package jp.oqsgateway.gateway.oqs.link;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The link's meters. Labels are bounded enums only: request kind, final state, an unmatched-file
 * reason, a face outcome; never file names, identifiers or ids.
 */
final class LinkMetrics {
  /** Why a file in {@code res/} applied to no exchange. */
  enum Unmatched {
    UNKNOWN_REQUEST,
    DUPLICATE,
    IDENTIFIER_MISMATCH;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why a file in {@code res/} or {@code face/} was never opened. */
  enum Refused {
    /** A symbolic link, wherever it points. */
    SYMLINK,
    /** A name that is no result, error or face file of the terminal's. */
    UNKNOWN_NAME;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Which guard let a file in {@code res/} or {@code face/} be handed on ({@link StableFiles}). */
  enum Taken {
    /** Parsed as a complete document on its first read: handed on at once. */
    COMPLETE_DOCUMENT,
    /** Two reads {@code oqs.link.stable-delay} apart agreed. */
    TWO_READS;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final MeterRegistry registry;

  LinkMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Registers the gauges, once, when the state they read exists (the parts holding it need the
   * meters first).
   */
  void gauges(
      Supplier<Number> linkUp, Supplier<Number> pending, Supplier<Number> lastGoodEpochSeconds) {
    Gauge.builder("oqsgw.oqs.link.up", linkUp)
        .description("1 while the terminal's link program picks up request files, 0 when not")
        .strongReference(true)
        .register(registry);
    Gauge.builder("oqsgw.oqs.exchanges.pending", pending)
        .description("Exchanges written and not yet answered, failed or given up")
        .strongReference(true)
        .register(registry);
    Gauge.builder("oqsgw.oqs.last.good.round.trip.timestamp", lastGoodEpochSeconds)
        .description("Epoch seconds of the last answered exchange (0: none since start)")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  void roundTrip(RequestKind kind, Duration d) {
    timer("oqsgw.oqs.round.trip", "From writing a request to storing its answer", kind, d);
  }

  void pickupDelay(RequestKind kind, Duration d) {
    timer(
        "oqsgw.oqs.pickup.delay",
        "From writing a request into req/ to the terminal taking it away",
        kind,
        d);
  }

  private void timer(String name, String description, RequestKind kind, Duration d) {
    Timer.builder(name)
        .description(description)
        .tag("kind", kind.label())
        .publishPercentileHistogram()
        .register(registry)
        .record(d);
  }

  void outcome(RequestKind kind, ExchangeState state) {
    Counter.builder("oqsgw.oqs.exchange.outcomes")
        .description("Exchanges that reached a final state")
        .tag("kind", kind.label())
        .tag("outcome", state.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  void unmatched(Unmatched reason) {
    Counter.builder("oqsgw.oqs.results.unmatched")
        .description("Files in res/ that applied to no pending exchange")
        .tag("reason", reason.label())
        .register(registry)
        .increment();
  }

  void face(String outcome) {
    Counter.builder("oqsgw.oqs.face.files")
        .description("Face-reader result files by what the link did with them")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  double unmatchedCount(Unmatched reason) {
    Counter c =
        registry.find("oqsgw.oqs.results.unmatched").tag("reason", reason.label()).counter();
    return c == null ? 0 : c.count();
  }

  /** A file never opened, counted once while it stays in its folder. */
  void refused(Refused reason) {
    Counter.builder("oqsgw.oqs.files.refused")
        .description("Files in res/ or face/ never opened: symbolic links, unknown names")
        .tag("reason", reason.label())
        .register(registry)
        .increment();
  }

  /** A file handed on to be matched or delivered, by the guard that let it through. */
  void taken(Taken by) {
    Counter.builder("oqsgw.oqs.files.taken")
        .description(
            "Files in res/ or face/ handed on: complete documents at once, others after two"
                + " agreeing reads")
        .tag("by", by.label())
        .register(registry)
        .increment();
  }

  /** Files left for the next scan because this one had read its byte budget. */
  void deferred(int files) {
    Counter.builder("oqsgw.oqs.files.deferred")
        .description("Files left for a later scan because oqs.link.scan-budget-mb was read")
        .register(registry)
        .increment(files);
  }

  double refusedCount(Refused reason) {
    Counter c = registry.find("oqsgw.oqs.files.refused").tag("reason", reason.label()).counter();
    return c == null ? 0 : c.count();
  }
}
