package jp.oqsgateway.gateway.qualification.diff;

import java.text.Normalizer;

/**
 * Comparison keys for matching people and cards outside the diff (patient candidates, "the same
 * qualification"), built from the same safe normalisations the diff uses. A key is for equality
 * only, never shown or stored as the person's name.
 */
public final class TextKeys {
  private TextKeys() {}

  /**
   * 氏名カナ as a key: width folded ({@code ﾀﾛｳ} = {@code タロウ}), voiced marks composed, hiragana to
   * katakana, small kana to large, every space removed.
   */
  public static String kana(String s) {
    String folded = JapaneseText.foldWidth(Normalizer.normalize(s, Normalizer.Form.NFC));
    return JapaneseText.largeKana(JapaneseText.withoutSpaces(JapaneseText.katakana(folded)));
  }

  /** 記号 or 番号 as a key: width folded, spaces removed (OQS-PROTOCOL.md §4.2). */
  public static String cardText(String s) {
    return JapaneseText.withoutSpaces(JapaneseText.foldWidth(s));
  }

  /** 番号 as a key: as {@link #cardText} with leading zeros stripped (OQS-PROTOCOL.md §4.2). */
  public static String cardNumber(String s) {
    String t = cardText(s).replaceFirst("^0+(?=.)", "");
    return t;
  }
}
