package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.SpecificDiseaseCategory;
import jp.oqsgateway.gateway.oqs.message.SpecificDiseaseCertificate;

/**
 * 特定疾病療養受療証 (OQSCD013 + 自己負担限度額), delivered structured (CLINICS Q1-4). One difference per category.
 * A certificate OQS shows as ended removes the chart's; a category OQS does not mention is unknown
 * and kept.
 */
final class SpecificDiseaseRule implements DiffRule {
  @Override
  public void apply(DiffContext ctx) {
    List<SpecificDiseaseCertificate> oqs = ctx.oqs.specificDiseasesCertificates();
    if (oqs.isEmpty()) {
      return;
    }
    Map<String, ChartSpecificDisease> result = new LinkedHashMap<>();
    List<ChartSpecificDisease> base =
        ctx.proposal.newInsurance ? List.of() : ctx.chart.specificDiseases();
    base.forEach(d -> result.put(d.category(), d));
    Map<String, ChartSpecificDisease> chart = new LinkedHashMap<>();
    ctx.chart.specificDiseases().forEach(d -> chart.put(d.category(), d));
    List<SpecificDisease> current = new ArrayList<>();
    for (SpecificDiseaseCertificate cert : oqs) {
      if (cert.diseaseCategory().isEmpty()) {
        continue;
      }
      Coded<SpecificDiseaseCategory> category = cert.diseaseCategory().get();
      if (ended(cert, ctx.asOf)) {
        ended(ctx, cert, category, chart, result);
      } else if (!startsLater(cert, ctx.asOf)) {
        current.add(structured(cert, category));
        inForce(ctx, cert, category, chart, result);
      }
    }
    ctx.proposal.specificDiseases = current;
    ctx.proposal.record.specificDiseases(new ArrayList<>(result.values()));
  }

  private static void inForce(
      DiffContext ctx,
      SpecificDiseaseCertificate cert,
      Coded<SpecificDiseaseCategory> category,
      Map<String, ChartSpecificDisease> chart,
      Map<String, ChartSpecificDisease> result) {
    ChartSpecificDisease held = chart.get(category.raw());
    int selfPay = cert.selfPay().orElse(held == null ? 0 : held.selfPay());
    result.put(category.raw(), new ChartSpecificDisease(category.raw(), selfPay));
    if (held != null && (cert.selfPay().isEmpty() || held.selfPay() == selfPay)) {
      return;
    }
    ctx.add(
        Fields.SPECIFIC_DISEASE,
        held == null ? Display.NONE : shown(category, Optional.of(held.selfPay())),
        shown(category, cert.selfPay()),
        Severity.UPDATE,
        held == null ? "特定疾病療養受療証があります。反映してください。" : "特定疾病の自己負担限度額が変わっています。反映してください。");
  }

  private static void ended(
      DiffContext ctx,
      SpecificDiseaseCertificate cert,
      Coded<SpecificDiseaseCategory> category,
      Map<String, ChartSpecificDisease> chart,
      Map<String, ChartSpecificDisease> result) {
    ChartSpecificDisease held = chart.get(category.raw());
    if (held == null) {
      return;
    }
    String end = Display.date(cert.validEndDate().orElseThrow());
    result.remove(category.raw());
    ctx.add(
        Fields.SPECIFIC_DISEASE,
        shown(category, Optional.of(held.selfPay())),
        shown(category, cert.selfPay()) + "（" + end + " 終了）",
        Severity.UPDATE,
        "特定疾病療養受療証の有効期間が " + end + " に終了しています。");
  }

  private static SpecificDisease structured(
      SpecificDiseaseCertificate cert, Coded<SpecificDiseaseCategory> category) {
    return new SpecificDisease(
        category.raw(),
        category.label(),
        cert.selfPay(),
        cert.validStartDate().orElse(null),
        cert.validEndDate().orElse(null));
  }

  private static boolean ended(SpecificDiseaseCertificate cert, LocalDate day) {
    return cert.validEndDate().map(e -> e.isBefore(day)).orElse(false);
  }

  private static boolean startsLater(SpecificDiseaseCertificate cert, LocalDate day) {
    return cert.validStartDate().map(s -> s.isAfter(day)).orElse(false);
  }

  private static String shown(Coded<SpecificDiseaseCategory> category, Optional<Integer> selfPay) {
    return Display.code(category)
        + selfPay.map(y -> " 自己負担限度額 " + String.format("%,d", y) + "円").orElse("");
  }
}
