package jp.oqsgateway.gateway.qualification.diff;

import java.util.Optional;

/**
 * 氏名カナ. OQS writes half-width katakana with a half-width space, charts usually full-width: width,
 * voiced-mark composition ({@code ｶﾞ} = {@code ガ}) and hiragana/katakana are no difference at all.
 * Spacing, case and small-versus-large kana ({@code ッ}/{@code ツ}, common in older insurer data) are
 * COSMETIC: kept visible but never applied. Anything else is an UPDATE.
 */
final class KanaRule implements DiffRule {
  @Override
  public void apply(DiffContext ctx) {
    Optional<String> oqs = ctx.oqs.nameKana();
    if (oqs.isEmpty() || oqs.get().isBlank()) {
      return;
    }
    String chart = ctx.chart.nameKana();
    boolean masked = Placeholders.any(oqs.get());
    if (chart == null || chart.isBlank()) {
      if (!masked) {
        ctx.add(Fields.NAME_KANA, Display.NONE, oqs.get(), Severity.UPDATE, "氏名カナが登録されていません。");
        ctx.proposal.record.nameKana(JapaneseText.chartKana(oqs.get()));
      }
      return;
    }
    if (MaskedText.matches(exact(chart), exact(oqs.get()))) {
      return;
    }
    if (MaskedText.matches(loose(chart), loose(oqs.get()))) {
      ctx.add(
          Fields.NAME_KANA,
          chart,
          oqs.get(),
          Severity.COSMETIC,
          "氏名カナの空白・大文字小文字・小書き文字（ッ/ツ等）のみの違いです。修正は不要です。");
      return;
    }
    String message = "氏名カナが異なります。本人確認の上で反映してください。";
    if (masked) {
      message += "（オンライン資格確認の●等は表示できない文字のため、カルテのカナは変更しません。）";
    } else {
      ctx.proposal.record.nameKana(JapaneseText.chartKana(oqs.get()));
    }
    ctx.add(Fields.NAME_KANA, chart, oqs.get(), Severity.UPDATE, message);
  }

  /** Width, voicing and hiragana folded; runs of spaces to one space. */
  private static String exact(String s) {
    return JapaneseText.katakana(JapaneseText.foldWidth(s)).strip().replaceAll("\\s+", " ");
  }

  private static String loose(String s) {
    return JapaneseText.lowerCase(JapaneseText.largeKana(JapaneseText.withoutSpaces(exact(s))));
  }
}
