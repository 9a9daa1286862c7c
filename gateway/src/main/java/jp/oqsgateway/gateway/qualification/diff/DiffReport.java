package jp.oqsgateway.gateway.qualification.diff;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of comparing a chart record with an OQS qualification: the differences, most severe
 * first, and the record as it should be.
 */
public record DiffReport(List<FieldDifference> differences, ProposedRecord proposal) {

  public DiffReport {
    Objects.requireNonNull(proposal, "proposal");
    differences =
        differences.stream().sorted(Comparator.comparing(FieldDifference::severity)).toList();
  }

  /** True when nothing differs, not even cosmetically. */
  public boolean identical() {
    return differences.isEmpty();
  }

  /** True when claims made with the chart as it is would be rejected. */
  public boolean blocking() {
    return differences.stream().anyMatch(d -> d.severity() == Severity.BLOCKING);
  }

  /** The most severe difference's severity, empty when none. */
  public Optional<Severity> highestSeverity() {
    return differences.stream().map(FieldDifference::severity).findFirst();
  }

  /** The differences on one field (most fields have at most one). */
  public List<FieldDifference> on(String field) {
    return differences.stream().filter(d -> d.field().equals(field)).toList();
  }

  public List<FieldDifference> withSeverity(Severity severity) {
    return differences.stream().filter(d -> d.severity() == severity).toList();
  }
}
