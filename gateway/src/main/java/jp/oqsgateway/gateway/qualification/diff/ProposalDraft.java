package jp.oqsgateway.gateway.qualification.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The proposal while the rules shape it. */
final class ProposalDraft {
  final ChartInsuranceRecord.Builder record;
  boolean newInsurance;
  Optional<ClosedInsurance> previous = Optional.empty();
  Optional<Integer> lateElderlyCopayPercent = Optional.empty();
  Optional<ElderlyRecipientRatio> elderlyRecipient = Optional.empty();
  Optional<LimitCategory> limitCategory = Optional.empty();
  List<SpecificDisease> specificDiseases = new ArrayList<>();
  Optional<AddressToConfirm> address = Optional.empty();

  ProposalDraft(ChartInsuranceRecord chart) {
    this.record = chart.toBuilder();
  }

  ProposedRecord build() {
    return new ProposedRecord(
        record.build(),
        newInsurance,
        previous,
        lateElderlyCopayPercent,
        elderlyRecipient,
        limitCategory,
        specificDiseases,
        address);
  }
}
