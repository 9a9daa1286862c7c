package jp.oqsgateway.gateway.homevisit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-inquiries as operators watch them, every series present from the start at zero. Labels are
 * bounded: where the re-inquiry was decided ({@code api}, {@code card}), the decision ({@code
 * sent}, {@code no-relationship}, {@code branch-missing} or an {@link Eligibility.Reason}), and how
 * a sent one ended ({@code answered}, {@code refused} by OQS, {@code failed} otherwise).
 */
public final class HomeVisitMetrics {
  private final MeterRegistry registry;

  public HomeVisitMetrics(MeterRegistry registry) {
    this.registry = registry;
    List<String> decisions =
        new ArrayList<>(List.of("sent", "no-relationship", ReinquiryPlan.BRANCH_MISSING));
    for (Eligibility.Reason reason : Eligibility.Reason.values()) {
      decisions.add(reason.wire());
    }
    for (String source : List.of("api", "card")) {
      for (String decision : decisions) {
        decisions(source, decision);
      }
    }
    for (String outcome : List.of("answered", "refused", "failed")) {
      ends(outcome);
    }
  }

  /** A re-inquiry was considered for a home-visit patient: sent, or not and why. */
  public void decided(String source, String decision) {
    decisions(source, decision).increment();
  }

  /** A sent re-inquiry ended. */
  public void ended(String outcome) {
    ends(outcome).increment();
  }

  private Counter decisions(String source, String decision) {
    return Counter.builder("oqsgw.homevisit.reinquiry.decisions")
        .description("Re-inquiries considered for home-visit patients, by source and decision")
        .tag("source", source)
        .tag("decision", decision)
        .register(registry);
  }

  private Counter ends(String outcome) {
    return Counter.builder("oqsgw.homevisit.reinquiry.ended")
        .description("Re-inquiries ended: answered, refused by OQS, or failed")
        .tag("outcome", outcome)
        .register(registry);
  }
}
