package jp.oqsgateway.gateway.qualification.diff;

import static jp.oqsgateway.gateway.qualification.diff.Display.date;

import java.time.LocalDate;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;

/**
 * 資格有効性 and 有効期限 (OQS-PROTOCOL.md §3 OQSCD006, §4.3). Lost (2) and 無効（新しい資格あり）(3) are BLOCKING with
 * the date of loss; without a validity, a DisqualificationDate on or before the day asked about
 * means lost. A blank InsuredCardExpirationDate is unknown/open-ended, never "expired" (CLINICS
 * Q2-1, Dentis FAQ): only a present date before the day asked about is.
 */
final class QualificationRule implements DiffRule {
  private static final String VALID = "有効";

  @Override
  public void apply(DiffContext ctx) {
    Optional<LocalDate> lost = ctx.oqs.disqualificationDate();
    Optional<QualificationValidity> validity = ctx.validity.flatMap(c -> c.value());
    if (validity.isPresent()
        && validity.get() != QualificationValidity.VALID
        && validity.get() != QualificationValidity.VALID_UNREGISTERED) {
      invalid(ctx, validity.get(), lost);
      return;
    }
    if (validity.isEmpty() && lost.isPresent() && !lost.get().isAfter(ctx.asOf)) {
      invalid(ctx, QualificationValidity.INVALID, lost);
      return;
    }
    if (lost.isPresent()) {
      lostLater(ctx, lost.get());
      return;
    }
    expiry(ctx);
  }

  private static void invalid(
      DiffContext ctx, QualificationValidity validity, Optional<LocalDate> lost) {
    String reason = ctx.oqs.reasonOfLoss().map(r -> "、事由: " + r.label().orElse(r.raw())).orElse("");
    String ask =
        LossGuidance.otherReason(ctx.oqs.reasonOfLoss()) ? LossGuidance.OTHER_REASON_JA : "";
    String when = lost.map(d -> "資格喪失日 " + date(d)).orElse("");
    String message =
        switch (validity) {
          case INVALID -> "資格を喪失しています（" + when + reason + "）。この保険では請求できません。" + ask;
          case INVALID_NEW_QUALIFICATION ->
              "この保険は無効です。新しい資格があります（" + when + reason + "）。マイナ保険証または資格確認書で新しい資格を確認してください。" + ask;
          case NO_QUALIFICATION -> "該当する資格がありません。保険者番号・記号・番号・枝番・生年月日を確認してください。";
          case MULTIPLE -> "複数の資格が該当しました。枝番を含めて照会し直してください。";
          default -> validity.label() + "です。";
        };
    String shown =
        validity == QualificationValidity.INVALID_NEW_QUALIFICATION
            ? "無効（新しい資格があります）"
            : validity.label();
    ctx.add(
        Fields.QUALIFICATION,
        VALID,
        shown + lost.map(d -> "（喪失日 " + date(d) + "）").orElse(""),
        Severity.BLOCKING,
        message);
    lost.ifPresent(d -> closeBefore(ctx, d));
  }

  /** Still valid on the day asked about, lost on a later day: the last valid day is known. */
  private static void lostLater(DiffContext ctx, LocalDate lost) {
    LocalDate lastDay = lost.minusDays(1);
    if (lastDay.equals(ctx.chart.validTo())) {
      return;
    }
    ctx.add(
        Fields.VALID_TO,
        Display.validTo(ctx.chart.validTo()),
        date(lastDay),
        Severity.UPDATE,
        "資格喪失日（" + date(lost) + "）が登録されています。有効終了日を " + date(lastDay) + " にしてください。");
    ctx.proposal.record.validTo(lastDay);
  }

  private static void closeBefore(DiffContext ctx, LocalDate lost) {
    LocalDate lastDay = lost.minusDays(1);
    LocalDate chartTo = ctx.chart.validTo();
    if (chartTo == null || chartTo.isAfter(lastDay)) {
      ctx.proposal.record.validTo(lastDay);
    }
  }

  private static void expiry(DiffContext ctx) {
    Optional<LocalDate> oqs = ctx.oqs.insuredCardExpirationDate();
    LocalDate chart = ctx.chart.validTo();
    if (oqs.isPresent() && oqs.get().isBefore(ctx.asOf)) {
      ctx.add(
          Fields.VALID_TO,
          Display.validTo(chart),
          date(oqs.get()),
          Severity.BLOCKING,
          "被保険者証の有効期限（" + date(oqs.get()) + "）が切れています。新しい資格確認書・マイナ保険証で確認してください。");
      ctx.proposal.record.validTo(oqs.get());
      return;
    }
    if (ctx.proposal.newInsurance) {
      return;
    }
    if (oqs.isPresent() && !oqs.get().equals(chart)) {
      ctx.add(
          Fields.VALID_TO,
          Display.validTo(chart),
          date(oqs.get()),
          Severity.UPDATE,
          "有効終了日が異なります。オンライン資格確認の有効終了日を反映してください。");
      ctx.proposal.record.validTo(oqs.get());
      return;
    }
    if (oqs.isEmpty() && chart != null && chart.isBefore(ctx.asOf)) {
      ctx.add(
          Fields.VALID_TO,
          date(chart),
          Display.OPEN_ENDED,
          Severity.UPDATE,
          "カルテでは有効期限切れですが、オンライン資格確認では有効です（有効終了日は空欄＝期限なし）。「期限なし」にしてください。");
      ctx.proposal.record.validTo(null);
    }
  }
}
