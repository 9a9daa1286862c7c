package jp.oqsgateway.gateway.qualification.diff;

import java.util.Optional;

/**
 * 医療扶助 (InsuredCardClassification A1): OQS carries 公費負担者番号 and 受給者番号 in the insurer and number
 * slots (OQS-PROTOCOL.md §2.4, §4.1); compared as insurer and number. No 記号, no 枝番.
 */
final class MedicalAidRule implements DiffRule {
  @Override
  public void apply(DiffContext ctx) {
    if (!ctx.oqs.isMedicalAid()) {
      return;
    }
    String payer = ctx.oqs.insurerNumber().map(n -> n.digits()).orElse("");
    String recipient = ctx.oqs.insuredIdentificationNumber().orElse("");
    Optional<ChartMedicalAid> chart = ctx.chart.medicalAidOpt();
    ctx.proposal.record.medicalAid(new ChartMedicalAid(payer, recipient));
    if (chart.isEmpty()) {
      ctx.add(
          Fields.MEDICAL_AID_PAYER_NUMBER,
          Display.NONE,
          payer,
          Severity.BLOCKING,
          "医療扶助（生活保護）の資格です。公費（医療扶助）を登録してください。");
      return;
    }
    if (!InsuranceNumbers.sameInsurer(chart.get().payerNumber(), payer)) {
      ctx.add(
          Fields.MEDICAL_AID_PAYER_NUMBER,
          chart.get().payerNumber(),
          payer,
          Severity.BLOCKING,
          "医療扶助の公費負担者番号が異なります。このままでは請求が返戻されます。");
    }
    if (!InsuranceNumbers.number(chart.get().recipientNumber())
        .equals(InsuranceNumbers.number(recipient))) {
      ctx.add(
          Fields.MEDICAL_AID_RECIPIENT_NUMBER,
          chart.get().recipientNumber(),
          recipient,
          Severity.BLOCKING,
          "医療扶助の受給者番号が異なります。このままでは請求が返戻されます。");
    }
  }
}
