package jp.oqsgateway.gateway.homevisit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Re-inquiries as operators watch them. Labels are bounded: where the re-inquiry was decided
 * ({@code api}, {@code card}), the decision ({@code sent} or an {@link Eligibility.Reason}), and
 * how a sent one ended ({@code answered}, {@code refused} by OQS, {@code failed} otherwise).
 */
public final class HomeVisitMetrics {
  private final MeterRegistry registry;

  public HomeVisitMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A re-inquiry was considered for a home-visit patient: sent, or not and why. */
  public void decided(String source, String decision) {
    Counter.builder("oqsgw.homevisit.reinquiry.decisions")
        .description("Re-inquiries considered for home-visit patients, by source and decision")
        .tag("source", source)
        .tag("decision", decision)
        .register(registry)
        .increment();
  }

  /** A sent re-inquiry ended. */
  public void ended(String outcome) {
    Counter.builder("oqsgw.homevisit.reinquiry.ended")
        .description("Re-inquiries ended: answered, refused by OQS, or failed")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
