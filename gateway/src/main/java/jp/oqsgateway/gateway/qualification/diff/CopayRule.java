package jp.oqsgateway.gateway.qualification.diff;

import static jp.oqsgateway.gateway.qualification.diff.Display.ratio;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.PreschoolClassification;
import jp.oqsgateway.gateway.oqs.message.ElderlyRecipientCertificate;

/**
 * 負担割合. Ratios OQS states on a dated certificate (後期高齢 InsuredPartialContributionRatio, 高齢受給者証) are
 * UPDATEs delivered structured, to apply from their date (they change every August). Ratios that
 * follow from age alone and contradict the chart (未就学 2割, 就学後 3割; Dentis FAQ
 * "未就学(2割)から就学(3割)…うまく反映できない") are BLOCKING. 70歳以上 without a certificate: unknown, not compared.
 */
final class CopayRule implements DiffRule {
  private static final int PRESCHOOL = 20;
  private static final int WORKING_AGE = 30;

  @Override
  public void apply(DiffContext ctx) {
    if (ctx.oqs.isMedicalAid()) {
      return;
    }
    Optional<Integer> lateElderly = ctx.oqs.insuredPartialContributionRatio();
    if (lateElderly.isPresent()) {
      lateElderly(ctx, lateElderly.get());
    } else if (ctx.lateElderly()) {
      return;
    }
    elderlyRecipient(ctx);
    if (lateElderly.isEmpty()) {
      ageBased(ctx);
    }
  }

  private static void lateElderly(DiffContext ctx, int percent) {
    ctx.proposal.lateElderlyCopayPercent = Optional.of(percent);
    ctx.proposal.record.copayPercent(percent);
    Integer chart = ctx.chart.copayPercent();
    if (!Objects.equals(chart, percent)) {
      String since = ctx.oqs.insuredCardValidDate().map(d -> Display.date(d) + "から").orElse("");
      ctx.add(
          Fields.COPAY_RATIO,
          ratio(chart),
          ratio(percent),
          Severity.UPDATE,
          "後期高齢者医療の負担割合が" + since + ratio(percent) + "です。負担割合を反映してください。");
    }
    if (ctx.chart.elderlyRecipientPercent() != null) {
      ctx.add(
          Fields.ELDERLY_RECIPIENT_RATIO,
          ratio(ctx.chart.elderlyRecipientPercent()),
          Display.NONE,
          Severity.UPDATE,
          "後期高齢者医療の被保険者には高齢受給者証はありません。高齢受給者の割合を削除してください。");
      ctx.proposal.record.elderlyRecipientPercent(null);
    }
  }

  private static void elderlyRecipient(DiffContext ctx) {
    Optional<ElderlyRecipientCertificate> cert =
        ctx.oqs.elderlyRecipientCertificate().filter(c -> validOn(c, ctx.asOf));
    if (cert.isEmpty() || cert.get().contributionRatio().isEmpty()) {
      return;
    }
    int percent = cert.get().contributionRatio().get();
    LocalDate from = cert.get().validStartDate().orElse(null);
    ctx.proposal.elderlyRecipient =
        Optional.of(
            new ElderlyRecipientRatio(percent, from, cert.get().validEndDate().orElse(null)));
    ctx.proposal.record.elderlyRecipientPercent(percent);
    Integer chart = ctx.chart.elderlyRecipientPercent();
    if (Objects.equals(chart, percent)) {
      return;
    }
    String since = from == null ? "" : Display.date(from) + "から";
    ctx.add(
        Fields.ELDERLY_RECIPIENT_RATIO,
        ratio(chart),
        ratio(percent),
        Severity.UPDATE,
        chart == null
            ? "高齢受給者証（" + since + ratio(percent) + "）があります。高齢受給者として登録してください。"
            : "高齢受給者の負担割合が" + since + ratio(percent) + "です。負担割合を反映してください。");
  }

  private static boolean validOn(ElderlyRecipientCertificate c, LocalDate day) {
    return c.validStartDate().map(s -> !s.isAfter(day)).orElse(true)
        && c.validEndDate().map(e -> !e.isBefore(day)).orElse(true);
  }

  private static void ageBased(DiffContext ctx) {
    boolean preschool =
        ctx.oqs
            .preschoolClassification()
            .map(c -> c.is(PreschoolClassification.PRESCHOOL))
            .orElse(false);
    int age = ctx.ageOnAsOf();
    Integer expected = null;
    String message = null;
    if (preschool) {
      expected = PRESCHOOL;
      message = "未就学児の負担割合は2割です。";
    } else if (age >= 7 && age < 70 && ctx.oqs.elderlyRecipientCertificate().isEmpty()) {
      expected = WORKING_AGE;
      message = "就学後・70歳未満の負担割合は3割です（未就学から就学に変わった場合、4月1日から新しい割合で登録してください）。";
    }
    Integer chart = ctx.chart.copayPercent();
    if (expected == null || chart == null || chart.equals(expected)) {
      return;
    }
    ctx.add(Fields.COPAY_RATIO, ratio(chart), ratio(expected), Severity.BLOCKING, message);
    ctx.proposal.record.copayPercent(expected);
  }
}
