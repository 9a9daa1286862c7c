package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;

/**
 * Compares a chart's insurance record with an OQS qualification (「最新の資格情報を反映」): what differs, how
 * much it matters, and the record as it should be. Pure: no I/O, no logging.
 */
public final class InsuranceDiff {
  private static final List<DiffRule> RULES =
      List.of(
          new InsuranceNumberRule(),
          new MedicalAidRule(),
          new BirthDateRule(),
          new NameRule(),
          new KanaRule(),
          new AddressRule(),
          new QualificationRule(),
          new CopayRule(),
          new LimitCertificateRule(),
          new SpecificDiseaseRule());

  private InsuranceDiff() {}

  /**
   * Compares without the message's QualificationValidity: a DisqualificationDate on or before
   * {@code asOf} counts as lost.
   */
  public static DiffReport compare(
      ChartInsuranceRecord chart, QualificationResult oqs, LocalDate asOf) {
    return compare(chart, Optional.empty(), oqs, asOf);
  }

  /** Compares with the QualificationValidity (OQSCD006) that came with the result. */
  public static DiffReport compare(
      ChartInsuranceRecord chart,
      Optional<Coded<QualificationValidity>> validity,
      QualificationResult oqs,
      LocalDate asOf) {
    Objects.requireNonNull(chart, "chart");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(oqs, "oqs");
    Objects.requireNonNull(asOf, "asOf");
    DiffContext ctx = new DiffContext(chart, validity, oqs, asOf);
    for (DiffRule rule : RULES) {
      rule.apply(ctx);
    }
    return ctx.report();
  }

  /**
   * Compares with a whole result message. Exactly one result is compared; with none (4 該当資格なし) or
   * several (5 複数該当) the report holds one BLOCKING {@code qualification} difference and proposes
   * the chart unchanged.
   */
  public static DiffReport compare(
      ChartInsuranceRecord chart, QualificationResultMessage message, LocalDate asOf) {
    Objects.requireNonNull(message, "message");
    if (message.results().size() == 1) {
      return compare(chart, message.qualificationValidity(), message.results().get(0), asOf);
    }
    return NoSingleResult.report(chart, message);
  }
}
