package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;

/** What the rules read (chart, OQS, validity, day) and write (differences, proposal). */
final class DiffContext {
  final ChartInsuranceRecord chart;
  final QualificationResult oqs;
  final Optional<Coded<QualificationValidity>> validity;
  final LocalDate asOf;
  final ProposalDraft proposal;
  private final List<FieldDifference> differences = new ArrayList<>();

  DiffContext(
      ChartInsuranceRecord chart,
      Optional<Coded<QualificationValidity>> validity,
      QualificationResult oqs,
      LocalDate asOf) {
    this.chart = chart;
    this.oqs = oqs;
    this.validity = validity;
    this.asOf = asOf;
    this.proposal = new ProposalDraft(chart);
  }

  void add(String field, String chartValue, String oqsValue, Severity severity, String message) {
    differences.add(new FieldDifference(field, chartValue, oqsValue, severity, message));
  }

  /** True when the OQS qualification is 後期高齢者医療 (法別 39). */
  boolean lateElderly() {
    return oqs.insurerNumber().map(n -> n.isLateStageElderly()).orElse(false);
  }

  /** The person's age in whole years on the day asked about. */
  int ageOnAsOf() {
    return java.time.Period.between(oqs.birthdate(), asOf).getYears();
  }

  DiffReport report() {
    return new DiffReport(differences, proposal.build());
  }
}
