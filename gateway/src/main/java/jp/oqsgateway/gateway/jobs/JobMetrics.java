package jp.oqsgateway.gateway.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.oqsgateway.gateway.metrics.Histograms;

/**
 * Jobs as operators watch them, every series present from the start with zero for each registered
 * kind. Labels are bounded: the kind's name, a run's end ({@code done}, {@code failed}) and the
 * kind's declared item outcomes (plus {@code error}); never an item key.
 */
public final class JobMetrics {
  /**
   * Run duration buckets: a small run ends within seconds, the nightly re-inquiry of a clinic's
   * home-visit patients takes minutes (one exchange with the terminal each), a stalled one hours.
   */
  static final Duration[] DURATION_BUCKETS =
      Histograms.seconds(1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  public JobMetrics(MeterRegistry registry, Collection<JobKind> kinds) {
    this.registry = registry;
    for (JobKind kind : kinds) {
      String name = kind.name();
      runs(name, Job.DONE);
      runs(name, Job.FAILED);
      for (String outcome : outcomes(kind)) {
        items(name, outcome);
      }
      duration(name);
      AtomicInteger now = running.computeIfAbsent(name, k -> new AtomicInteger());
      Gauge.builder("oqsgw.jobs.running", now, AtomicInteger::get)
          .description("Jobs running now, by kind")
          .tag("kind", name)
          .strongReference(true)
          .register(registry);
      AtomicLong last = lastSuccess.computeIfAbsent(name, k -> new AtomicLong());
      Gauge.builder("oqsgw.jobs.last.success.timestamp", last, AtomicLong::get)
          .description("When a job of the kind last ended done (epoch seconds; 0: not since start)")
          .tag("kind", name)
          .baseUnit("seconds")
          .strongReference(true)
          .register(registry);
    }
  }

  /** The item outcomes a kind may report, the runner's own {@code error} included. */
  static Set<String> outcomes(JobKind kind) {
    Set<String> all = new TreeSet<>(kind.outcomes());
    all.add(ItemOutcome.ERROR);
    return all;
  }

  void started(String kind) {
    running.get(kind).incrementAndGet();
  }

  void stopped(String kind) {
    running.get(kind).decrementAndGet();
  }

  void ended(String kind, String state, Duration took, Instant at) {
    runs(kind, state).increment();
    duration(kind).record(took);
    if (Job.DONE.equals(state)) {
      lastSuccess.get(kind).set(at.getEpochSecond());
    }
  }

  void item(String kind, String outcome) {
    items(kind, outcome).increment();
  }

  private Counter runs(String kind, String outcome) {
    return Counter.builder("oqsgw.jobs.runs")
        .description("Job runs ended, by kind and outcome (done, failed)")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter items(String kind, String outcome) {
    return Counter.builder("oqsgw.jobs.items")
        .description("Job items ended, by kind and outcome")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(registry);
  }

  private Timer duration(String kind) {
    return Timer.builder("oqsgw.jobs.run.duration")
        .description("How long job runs took, from start (or resume) to end, by kind")
        .tag("kind", kind)
        .serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry);
  }
}
