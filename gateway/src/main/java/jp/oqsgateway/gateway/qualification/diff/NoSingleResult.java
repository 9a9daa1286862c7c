package jp.oqsgateway.gateway.qualification.diff;

import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;

/** The report for a message without exactly one result: nothing to compare, nothing to apply. */
final class NoSingleResult {
  private NoSingleResult() {}

  static DiffReport report(ChartInsuranceRecord chart, QualificationResultMessage message) {
    boolean several = message.results().size() > 1;
    String shown =
        message.qualificationValidity().map(Display::code).orElse(several ? "複数該当" : "結果なし");
    String text =
        message.qualificationValidity().flatMap(v -> v.value()).orElse(null)
                    == QualificationValidity.MULTIPLE
                || several
            ? "複数の資格が該当しました。枝番を含めて照会し直してください。"
            : "該当する資格がありません。保険者番号・記号・番号・枝番・生年月日を確認してください。";
    FieldDifference d =
        new FieldDifference(Fields.QUALIFICATION, "有効", shown, Severity.BLOCKING, text);
    return new DiffReport(
        List.of(d),
        new ProposedRecord(
            chart,
            false,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty()));
  }
}
