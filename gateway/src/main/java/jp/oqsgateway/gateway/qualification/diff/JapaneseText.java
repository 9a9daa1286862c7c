package jp.oqsgateway.gateway.qualification.diff;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The safe normalisations of Japanese text used before comparing: only what cannot change a name or
 * an address. Kanji are never touched (NFKC would fold 旧字体 compatibility ideographs, which are real
 * differences in a name).
 */
final class JapaneseText {
  private static final String SMALL_KANA = "ァィゥェォッャュョヮヵヶ";
  private static final String LARGE_KANA = "アイウエオツヤユヨワカケ";
  private static final String DASHES = "ー－‐‑‒–—―−ｰ-";

  private JapaneseText() {}

  /**
   * Width only: full-width ASCII to ASCII, U+3000 to a space, half-width katakana to full-width
   * with voiced marks composed ({@code ｶﾞ} → {@code ガ}).
   */
  static String foldWidth(String s) {
    StringBuilder out = new StringBuilder(s.length());
    StringBuilder halfKana = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '\uFF61' && c <= '\uFF9F') {
        halfKana.append(c);
        continue;
      }
      flush(halfKana, out);
      if (c >= '\uFF01' && c <= '\uFF5E') {
        out.append((char) (c - 0xFF01 + '!'));
      } else if (c == '\u3000') {
        out.append(' ');
      } else {
        out.append(c);
      }
    }
    flush(halfKana, out);
    return out.toString();
  }

  private static void flush(StringBuilder halfKana, StringBuilder out) {
    if (halfKana.length() > 0) {
      out.append(Normalizer.normalize(halfKana, Normalizer.Form.NFKC));
      halfKana.setLength(0);
    }
  }

  /** Hiragana to katakana (ぁ–ゖ, ゝゞ). */
  static String katakana(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(
          (c >= '\u3041' && c <= '\u3096') || c == '\u309D' || c == '\u309E'
              ? (char) (c + 0x60)
              : c);
    }
    return out.toString();
  }

  /** Removes every kind of white space, including U+3000. */
  static String withoutSpaces(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  /** Small kana to their large forms (ッ → ツ): for telling a COSMETIC kana difference apart. */
  static String largeKana(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      int k = SMALL_KANA.indexOf(s.charAt(i));
      out.append(k >= 0 ? LARGE_KANA.charAt(k) : s.charAt(i));
    }
    return out.toString();
  }

  /**
   * Every hyphen, dash, minus and 長音 to {@code -}, for addresses ({@code 1ー2－3} = {@code 1-2-3}).
   */
  static String unifyDashes(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(DASHES.indexOf(c) >= 0 ? '-' : c);
    }
    return out.toString();
  }

  static String lowerCase(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Full-width kana form for the chart: width folded, hiragana to katakana, one U+3000 per gap. */
  static String chartKana(String s) {
    return katakana(foldWidth(s)).strip().replaceAll("\\s+", "\u3000");
  }
}
