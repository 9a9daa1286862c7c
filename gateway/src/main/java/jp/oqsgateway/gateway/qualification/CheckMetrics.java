package jp.oqsgateway.gateway.qualification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Qualification checks as operators watch them: how many are queued for a re-run because OQS was
 * unreachable, how often a stale answer was served, and how checks ended. Labels are bounded: the
 * source ({@code api}, {@code card}) and the outcome ({@code ANSWERED} or a {@link CheckFailure}).
 */
final class CheckMetrics {
  /** Where checks come from (see {@link QualificationCheck#source}). */
  private static final List<String> SOURCES =
      List.of("api", "card", QualificationChecks.FACE_SOURCE);

  private final MeterRegistry registry;
  private final AtomicLong queued = new AtomicLong();
  private final Counter staleServed;
  private final Map<String, Map<String, Counter>> ended = new HashMap<>();

  CheckMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("oqsgw.checks.queued", queued, AtomicLong::get)
        .description(
            "Checks queued for an automatic re-run while OQS is unreachable (STALE_QUEUED)")
        .strongReference(true)
        .register(registry);
    staleServed =
        Counter.builder("oqsgw.checks.stale.served")
            .description("Checks answered with the last known qualification, marked stale")
            .register(registry);
    List<String> outcomes = new ArrayList<>(List.of("ANSWERED", "FAILED"));
    for (CheckFailure failure : CheckFailure.values()) {
      outcomes.add(failure.name());
    }
    for (String source : SOURCES) {
      Map<String, Counter> bySource = new HashMap<>();
      for (String outcome : outcomes) {
        bySource.put(outcome, endedCounter(source, outcome));
      }
      ended.put(source, bySource);
    }
  }

  void queued(long count) {
    queued.set(count);
  }

  void staleServed() {
    staleServed.increment();
  }

  /** A check ended: {@code ANSWERED}, or the failure's name. */
  void ended(String source, String outcome) {
    Map<String, Counter> bySource = ended.get(source);
    Counter counter = bySource == null ? null : bySource.get(outcome);
    (counter == null ? endedCounter(source, outcome) : counter).increment();
  }

  private Counter endedCounter(String source, String outcome) {
    return Counter.builder("oqsgw.checks.ended")
        .description("Qualification checks ended, by source and outcome")
        .tag("source", source)
        .tag("outcome", outcome)
        .register(registry);
  }
}
