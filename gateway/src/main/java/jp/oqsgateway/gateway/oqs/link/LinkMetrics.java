package jp.oqsgateway.gateway.oqs.link;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.metrics.Histograms;

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

  /** What the link did with a face-reader result file. */
  enum Face {
    DELIVERED,
    SKIPPED_OLD,
    UNREADABLE,
    TOO_LARGE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Round trip buckets: a file exchange through the terminal's share takes from a few hundred
   * milliseconds (an idle terminal answering from its cache) to a minute (OQS under load); the last
   * bounds reach the default deadline, {@code oqs.link.timeout} 120 s.
   */
  static final Duration[] ROUND_TRIP_BUCKETS =
      Histograms.seconds(0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120);

  /**
   * Pick-up buckets: the terminal's link program polls {@code req/} every second or so; after
   * {@code oqs.link.pickup-threshold} (15 s) the link counts as down.
   */
  static final Duration[] PICKUP_BUCKETS =
      Histograms.seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30, 60);

  private final MeterRegistry registry;
  private final Map<RequestKind, Timer> roundTrips = new EnumMap<>(RequestKind.class);
  private final Map<RequestKind, Timer> pickups = new EnumMap<>(RequestKind.class);
  private final Map<RequestKind, Map<ExchangeState, Counter>> outcomes =
      new EnumMap<>(RequestKind.class);

  /** Registers every series with its bounded labels, so that each is scraped from the start. */
  LinkMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (RequestKind kind : RequestKind.values()) {
      roundTrips.put(
          kind,
          timer(
              "oqsgw.oqs.round.trip",
              "From writing a request to storing its answer",
              kind,
              ROUND_TRIP_BUCKETS));
      pickups.put(
          kind,
          timer(
              "oqsgw.oqs.pickup.delay",
              "From writing a request into req/ to the terminal taking it away",
              kind,
              PICKUP_BUCKETS));
      Map<ExchangeState, Counter> byState = new EnumMap<>(ExchangeState.class);
      for (ExchangeState state : ExchangeState.values()) {
        if (state.isFinal()) {
          byState.put(
              state,
              Counter.builder("oqsgw.oqs.exchange.outcomes")
                  .description("Exchanges that reached a final state")
                  .tag("kind", kind.label())
                  .tag("outcome", state.name().toLowerCase(Locale.ROOT))
                  .register(registry));
        }
      }
      outcomes.put(kind, byState);
    }
    for (Unmatched reason : Unmatched.values()) {
      unmatchedCounter(reason);
    }
    for (Face outcome : Face.values()) {
      faceCounter(outcome);
    }
    for (Refused reason : Refused.values()) {
      refusedCounter(reason);
    }
    for (Taken by : Taken.values()) {
      takenCounter(by);
    }
    deferredCounter();
    endRetryCounter();
    scanCounter(true);
    scanCounter(false);
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
    roundTrips.get(kind).record(d);
  }

  void pickupDelay(RequestKind kind, Duration d) {
    pickups.get(kind).record(d);
  }

  private Timer timer(String name, String description, RequestKind kind, Duration[] buckets) {
    return Timer.builder(name)
        .description(description)
        .tag("kind", kind.label())
        .serviceLevelObjectives(buckets)
        .register(registry);
  }

  void outcome(RequestKind kind, ExchangeState state) {
    outcomes.get(kind).get(state).increment();
  }

  void unmatched(Unmatched reason) {
    unmatchedCounter(reason).increment();
  }

  private Counter unmatchedCounter(Unmatched reason) {
    return Counter.builder("oqsgw.oqs.results.unmatched")
        .description("Files in res/ that applied to no pending exchange")
        .tag("reason", reason.label())
        .register(registry);
  }

  void face(Face outcome) {
    faceCounter(outcome).increment();
  }

  private Counter faceCounter(Face outcome) {
    return Counter.builder("oqsgw.oqs.face.files")
        .description("Face-reader result files by what the link did with them")
        .tag("outcome", outcome.label())
        .register(registry);
  }

  double unmatchedCount(Unmatched reason) {
    Counter c =
        registry.find("oqsgw.oqs.results.unmatched").tag("reason", reason.label()).counter();
    return c == null ? 0 : c.count();
  }

  /** A file never opened, counted once while it stays in its folder. */
  void refused(Refused reason) {
    refusedCounter(reason).increment();
  }

  private Counter refusedCounter(Refused reason) {
    return Counter.builder("oqsgw.oqs.files.refused")
        .description("Files in res/ or face/ never opened: symbolic links, unknown names")
        .tag("reason", reason.label())
        .register(registry);
  }

  /** A file handed on to be matched or delivered, by the guard that let it through. */
  void taken(Taken by) {
    takenCounter(by).increment();
  }

  private Counter takenCounter(Taken by) {
    return Counter.builder("oqsgw.oqs.files.taken")
        .description(
            "Files in res/ or face/ handed on: complete documents at once, others after two"
                + " agreeing reads")
        .tag("by", by.label())
        .register(registry);
  }

  /** Files left for the next scan because this one had read its byte budget. */
  void deferred(int files) {
    deferredCounter().increment(files);
  }

  private Counter deferredCounter() {
    return Counter.builder("oqsgw.oqs.files.deferred")
        .description("Files left for a later scan because oqs.link.scan-budget-mb was read")
        .register(registry);
  }

  /** An attempt at recording an exchange's end failed; it is tried again. */
  void endRetry() {
    endRetryCounter().increment();
  }

  private Counter endRetryCounter() {
    return Counter.builder("oqsgw.oqs.exchange.end.retries")
        .description(
            "Attempts at recording an exchange's end (its deadline, a failed re-ask, a returned"
                + " request) that failed and are tried again")
        .register(registry);
  }

  /** One scan: a listing of the folders whole, or a look at the files notifications named. */
  void scan(boolean listing) {
    scanCounter(listing).increment();
  }

  private Counter scanCounter(boolean listing) {
    return Counter.builder("oqsgw.oqs.scans")
        .description(
            "Scans of the terminal's folders: listing (every file) or notified (the files"
                + " file-system notifications named)")
        .tag("scope", listing ? "listing" : "notified")
        .register(registry);
  }

  double refusedCount(Refused reason) {
    Counter c = registry.find("oqsgw.oqs.files.refused").tag("reason", reason.label()).counter();
    return c == null ? 0 : c.count();
  }
}
