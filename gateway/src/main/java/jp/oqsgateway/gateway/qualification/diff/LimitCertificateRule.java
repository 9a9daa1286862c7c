package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;
import jp.oqsgateway.gateway.oqs.message.LimitApplicationCertificate;

/**
 * 限度額適用区分 (OQSCD012), delivered structured with the レセコン 高額療養費区分 so nobody re-types it (CLINICS
 * Q1-4: "転記する機能がございません…手入力"; "区分等の切り替わり等の差分は表示されません"). 一般 (B04), 一般Ⅰ (B10) and 一般Ⅱ (B09) are
 * distinct codes. No information (no consent, or none registered) is unknown, never a removal.
 */
final class LimitCertificateRule implements DiffRule {
  @Override
  public void apply(DiffContext ctx) {
    Optional<LimitApplicationCertificate> info = ctx.oqs.limitApplicationCertificate();
    if (info.isEmpty() || info.get().classificationFlag().isEmpty()) {
      return;
    }
    LimitApplicationCertificate cert = info.get();
    Coded<LimitCertificateCategory> flag = cert.classificationFlag().get();
    String chart = ctx.chart.limitCategory();
    Optional<LocalDate> end = cert.validEndDate();
    if (end.isPresent() && end.get().isBefore(ctx.asOf)) {
      if (flag.raw().equals(chart)) {
        ctx.add(
            Fields.LIMIT_CATEGORY,
            shown(chart),
            Display.code(flag) + "（" + Display.date(end.get()) + " 有効期限切れ）",
            Severity.UPDATE,
            "限度額適用認定証の有効期限（" + Display.date(end.get()) + "）が切れています。");
        ctx.proposal.record.limitCategory(null);
      }
      return;
    }
    ctx.proposal.limitCategory = Optional.of(structured(cert, flag));
    ctx.proposal.record.limitCategory(flag.raw());
    if (flag.raw().equals(chart)) {
      return;
    }
    ctx.add(
        Fields.LIMIT_CATEGORY,
        shown(chart),
        Display.code(flag),
        Severity.UPDATE,
        message(chart, flag));
  }

  private static LimitCategory structured(
      LimitApplicationCertificate cert, Coded<LimitCertificateCategory> flag) {
    return new LimitCategory(
        flag.raw(),
        flag.label(),
        cert.classification().map(Coded::raw),
        cert.classification().flatMap(Coded::label),
        flag.value().flatMap(HighCostCategory::of),
        cert.validStartDate().orElse(null),
        cert.validEndDate().orElse(null),
        cert.longTermDate().orElse(null));
  }

  private static String message(String chart, Coded<LimitCertificateCategory> flag) {
    String label = Display.code(flag);
    if (chart == null || chart.isBlank()) {
      return "限度額適用区分（" + label + "）があります。区分を反映してください。";
    }
    boolean splitGeneral =
        LimitCertificateCategory.GENERAL.code().equals(chart)
            && (flag.is(LimitCertificateCategory.GENERAL_I)
                || flag.is(LimitCertificateCategory.GENERAL_II));
    if (splitGeneral) {
      return "後期高齢者の「一般」は令和4年10月から「一般Ⅰ」「一般Ⅱ」に分かれています。" + label + "を反映してください。";
    }
    return "限度額適用区分が" + label + "に変わっています。区分を反映してください。";
  }

  private static String shown(String chart) {
    if (chart == null || chart.isBlank()) {
      return Display.NONE;
    }
    return Display.code(
        chart, LimitCertificateCategory.fromCode(chart).map(LimitCertificateCategory::label));
  }
}
