package jp.oqsgateway.gateway.qualification.diff;

import java.util.Optional;

/**
 * 住所 and 郵便番号. OQS's address is the one registered with the insurer, which may be out of date
 * (CLINICS Q2-3) and is optional: absent means unknown. Width (digits, letters, hyphens ー－‐-), case
 * and spacing only are COSMETIC (Dentis: "住所の大文字・小文字の違いなど…反映しなくても問題ございません"); any other difference
 * is an UPDATE to confirm with the patient.
 */
final class AddressRule implements DiffRule {
  private static final String CONFIRM_DIFFERENT =
      "保険者に届け出された住所と異なります（転居の可能性）。保険者の住所が最新でない場合もあるため、患者に確認の上で反映してください。";

  @Override
  public void apply(DiffContext ctx) {
    address(ctx);
    postNumber(ctx);
  }

  private static void address(DiffContext ctx) {
    Optional<String> oqs = ctx.oqs.address();
    String chart = ctx.chart.address();
    if (oqs.isEmpty() || oqs.get().isBlank() || oqs.get().equals(chart)) {
      return;
    }
    if (chart == null || chart.isBlank()) {
      ctx.add(Fields.ADDRESS, Display.NONE, oqs.get(), Severity.UPDATE, "住所が登録されていません。");
      ctx.proposal.record.address(oqs.get());
      ctx.proposal.address =
          Optional.of(
              new AddressToConfirm(
                  oqs.get(),
                  AddressToConfirm.CHART_HAS_NONE,
                  "保険者に届け出された住所です。最新でない場合があるため、患者に確認の上で登録してください。"));
      return;
    }
    if (key(chart).equals(key(oqs.get()))) {
      ctx.add(
          Fields.ADDRESS,
          chart,
          oqs.get(),
          Severity.COSMETIC,
          "住所の全角・半角、大文字・小文字、空白のみの違いです。修正は不要です。");
      return;
    }
    ctx.add(Fields.ADDRESS, chart, oqs.get(), Severity.UPDATE, CONFIRM_DIFFERENT);
    ctx.proposal.record.address(oqs.get());
    ctx.proposal.address =
        Optional.of(new AddressToConfirm(oqs.get(), AddressToConfirm.DIFFERS, CONFIRM_DIFFERENT));
  }

  private static void postNumber(DiffContext ctx) {
    Optional<String> oqs = ctx.oqs.postNumber();
    String chart = ctx.chart.postNumber();
    if (oqs.isEmpty() || oqs.get().isBlank() || oqs.get().equals(chart)) {
      return;
    }
    if (chart != null && digits(chart).equals(digits(oqs.get()))) {
      ctx.add(Fields.POST_NUMBER, chart, oqs.get(), Severity.COSMETIC, "郵便番号の表記のみの違いです。修正は不要です。");
      return;
    }
    ctx.add(
        Fields.POST_NUMBER,
        Display.text(chart),
        oqs.get(),
        Severity.UPDATE,
        "保険者に届け出された郵便番号と異なります。患者に確認の上で反映してください。");
    ctx.proposal.record.postNumber(oqs.get());
  }

  static String key(String address) {
    return JapaneseText.lowerCase(
        JapaneseText.unifyDashes(JapaneseText.withoutSpaces(JapaneseText.foldWidth(address))));
  }

  private static String digits(String s) {
    return JapaneseText.foldWidth(s).replaceAll("[^0-9]", "");
  }
}
