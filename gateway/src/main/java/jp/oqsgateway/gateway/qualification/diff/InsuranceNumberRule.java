package jp.oqsgateway.gateway.qualification.diff;

import static jp.oqsgateway.gateway.qualification.diff.Display.text;

import java.time.LocalDate;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;

/**
 * 保険者番号, 記号, 番号, 枝番 and 本人/家族 (OQS-PROTOCOL.md §4.1, §4.2). A different insurer, 記号 or 番号 means
 * another insurance: the proposal registers it from its 資格取得年月日 and closes the chart's one the day
 * before. Not applied to 医療扶助 ({@link MedicalAidRule}).
 */
final class InsuranceNumberRule implements DiffRule {
  private static final String REJECTED = "このままでは請求が返戻されます。";

  @Override
  public void apply(DiffContext ctx) {
    if (ctx.oqs.isMedicalAid()) {
      return;
    }
    boolean changed = insurer(ctx) | symbol(ctx) | number(ctx);
    branch(ctx);
    personalFamily(ctx);
    if (changed) {
      newInsurance(ctx);
    }
  }

  private static boolean insurer(DiffContext ctx) {
    Optional<InsurerNumber> oqs = ctx.oqs.insurerNumber();
    if (oqs.isEmpty()
        || InsuranceNumbers.sameInsurer(ctx.chart.insurerNumber(), oqs.get().digits())) {
      return false;
    }
    ctx.add(
        Fields.INSURER_NUMBER,
        text(ctx.chart.insurerNumber()),
        oqs.get().digits(),
        Severity.BLOCKING,
        "保険者番号が異なります（" + ctx.oqs.insurerName() + "）。" + REJECTED);
    ctx.proposal.record.insurerNumber(oqs.get().digits());
    return true;
  }

  private static boolean symbol(DiffContext ctx) {
    String chart = ctx.chart.symbol();
    if (ctx.lateElderly()) {
      if (!InsuranceNumbers.blank(chart)) {
        ctx.add(
            Fields.SYMBOL,
            chart,
            Display.NONE,
            Severity.BLOCKING,
            "後期高齢者医療の保険には記号がありません。記号を削除してください。");
        ctx.proposal.record.symbol(null);
      }
      return false;
    }
    Optional<String> oqs = ctx.oqs.insuredCardSymbol();
    if (oqs.isEmpty()) {
      return false;
    }
    if (!InsuranceNumbers.symbol(chart).equals(InsuranceNumbers.symbol(oqs.get()))) {
      ctx.add(Fields.SYMBOL, text(chart), oqs.get(), Severity.BLOCKING, "記号が異なります。" + REJECTED);
      ctx.proposal.record.symbol(oqs.get());
      return true;
    }
    if (!oqs.get().equals(chart)) {
      ctx.add(Fields.SYMBOL, chart, oqs.get(), Severity.COSMETIC, "記号の全角・半角または空白のみの違いです。修正は不要です。");
    }
    return false;
  }

  private static boolean number(DiffContext ctx) {
    String chart = ctx.chart.number();
    Optional<String> oqs = ctx.oqs.insuredIdentificationNumber();
    if (oqs.isEmpty()) {
      return false;
    }
    if (!InsuranceNumbers.number(chart).equals(InsuranceNumbers.number(oqs.get()))) {
      ctx.add(Fields.NUMBER, text(chart), oqs.get(), Severity.BLOCKING, "番号が異なります。" + REJECTED);
      ctx.proposal.record.number(oqs.get());
      return true;
    }
    if (!oqs.get().equals(chart)) {
      ctx.add(
          Fields.NUMBER, chart, oqs.get(), Severity.COSMETIC, "番号の先頭の0、全角・半角または空白のみの違いです。修正は不要です。");
    }
    return false;
  }

  private static void branch(DiffContext ctx) {
    String chart = ctx.chart.branch();
    if (ctx.lateElderly()) {
      if (!InsuranceNumbers.blank(chart)) {
        ctx.add(
            Fields.BRANCH,
            chart,
            Display.NONE,
            Severity.UPDATE,
            "後期高齢者医療の保険には枝番がありません。枝番を削除してください。");
        ctx.proposal.record.branch(null);
      }
      return;
    }
    Optional<String> oqs = ctx.oqs.insuredBranchNumber();
    if (oqs.isEmpty()
        || InsuranceNumbers.branch(chart).equals(InsuranceNumbers.branch(oqs.get()))) {
      return;
    }
    String message =
        InsuranceNumbers.blank(chart)
            ? "枝番が登録されていません。後期高齢者医療・医療扶助以外では枝番が必要です。"
            : "枝番が異なります。" + REJECTED;
    ctx.add(Fields.BRANCH, text(chart), oqs.get(), Severity.BLOCKING, message);
    ctx.proposal.record.branch(oqs.get());
  }

  private static void personalFamily(DiffContext ctx) {
    Optional<PersonalFamilyClassification> oqs =
        ctx.oqs.personalFamilyClassification().flatMap(c -> c.value());
    PersonalFamilyClassification chart = ctx.chart.personalFamily();
    if (oqs.isEmpty() || oqs.get() == chart) {
      return;
    }
    Severity severity = chart == null ? Severity.UPDATE : Severity.BLOCKING;
    String message = chart == null ? "本人・家族の別が登録されていません。" : "本人・家族の別が異なります。" + REJECTED;
    ctx.add(
        Fields.PERSONAL_FAMILY,
        chart == null ? Display.NONE : chart.label(),
        oqs.get().label(),
        severity,
        message);
    ctx.proposal.record.personalFamily(oqs.get());
  }

  /** The new insurance starts on its 資格取得年月日; the chart's one ends the day before. */
  private static void newInsurance(DiffContext ctx) {
    LocalDate from = ctx.oqs.qualificationDate().or(ctx.oqs::insuredCardValidDate).orElse(ctx.asOf);
    ChartInsuranceRecord chart = ctx.chart;
    ProposalDraft p = ctx.proposal;
    p.newInsurance = true;
    p.previous =
        Optional.of(
            new ClosedInsurance(
                chart.insurerNumber(),
                chart.symbol(),
                chart.number(),
                chart.branch(),
                from.minusDays(1)));
    p.record
        .validFrom(from)
        .validTo(ctx.oqs.insuredCardExpirationDate().orElse(null))
        .symbol(ctx.lateElderly() ? null : ctx.oqs.insuredCardSymbol().orElse(null))
        .branch(ctx.lateElderly() ? null : ctx.oqs.insuredBranchNumber().orElse(null))
        .personalFamily(ctx.oqs.personalFamilyClassification().flatMap(c -> c.value()).orElse(null))
        .limitCategory(null)
        .specificDiseases(java.util.List.of());
  }
}
