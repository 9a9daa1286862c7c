package jp.oqsgateway.gateway.qualification.diff;

import java.util.List;
import java.util.Optional;

/**
 * The chart record as it should be after applying OQS, and the structured parts to apply.
 *
 * @param record the chart's record with every UPDATE and BLOCKING difference applied; names keep
 *     the chart's characters where OQS has placeholders; COSMETIC differences keep the chart's text
 * @param newInsurance true when OQS shows another insurance (insurer, 記号 or 番号 changed): register
 *     {@code record} as a new insurance from {@code record.validFrom()} and close {@code previous}
 * @param previous the chart's insurance to close the day before the new one starts
 * @param lateElderlyCopayPercent 後期高齢 負担割合 in percent, from InsuredPartialContributionRatio
 * @param elderlyRecipient 高齢受給者証, when OQS returned one
 * @param limitCategory 限度額適用区分 in force on the day asked about, when OQS returned one
 * @param specificDiseases 特定疾病 in force on the day asked about, when OQS returned a list
 * @param address OQS's address when it would change the chart's, marked for a person to confirm
 *     with the patient (the insurer's address may be out of date)
 */
public record ProposedRecord(
    ChartInsuranceRecord record,
    boolean newInsurance,
    Optional<ClosedInsurance> previous,
    Optional<Integer> lateElderlyCopayPercent,
    Optional<ElderlyRecipientRatio> elderlyRecipient,
    Optional<LimitCategory> limitCategory,
    List<SpecificDisease> specificDiseases,
    Optional<AddressToConfirm> address) {

  public ProposedRecord {
    specificDiseases = List.copyOf(specificDiseases);
  }
}
