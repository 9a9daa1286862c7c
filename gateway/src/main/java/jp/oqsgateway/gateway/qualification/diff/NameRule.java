package jp.oqsgateway.gateway.qualification.diff;

/**
 * 氏名 (kanji). Placeholders in OQS's name match any one character and never reach the chart
 * (OQS-PROTOCOL.md §4.2; CLINICS Q2-2, Dentis FAQ: "差分は反映せずに紐付け"). Differences of spacing or width
 * only are COSMETIC; any other difference is an UPDATE that staff confirm (改姓, or a wrong link).
 */
final class NameRule implements DiffRule {
  @Override
  public void apply(DiffContext ctx) {
    String chart = ctx.chart.name();
    String oqs = ctx.oqs.name();
    boolean masked = Placeholders.any(oqs);
    if (chart == null || chart.isBlank()) {
      if (!masked) {
        ctx.add(Fields.NAME, Display.NONE, oqs, Severity.UPDATE, "氏名が登録されていません。");
        ctx.proposal.record.name(oqs);
      }
      return;
    }
    if (MaskedText.matches(chart, oqs)) {
      return;
    }
    if (MaskedText.matches(loose(chart), loose(oqs))) {
      ctx.add(Fields.NAME, chart, oqs, Severity.COSMETIC, "氏名の空白または全角・半角のみの違いです。修正は不要です。");
      return;
    }
    String message = "氏名が異なります。改姓のほか、別人の資格が紐付いている可能性があります。本人確認の上で反映してください。";
    if (masked) {
      message += "（オンライン資格確認の●等は表示できない文字のため、カルテの氏名は変更しません。）";
    } else {
      ctx.proposal.record.name(oqs);
    }
    ctx.add(Fields.NAME, chart, oqs, Severity.UPDATE, message);
  }

  private static String loose(String s) {
    return JapaneseText.withoutSpaces(JapaneseText.foldWidth(s));
  }
}
