package jp.oqsgateway.gateway.qualification.diff;

/**
 * Characters OQS puts where it cannot represent the real one (旧字体, 外字): each stands for exactly one
 * character of the real name (OQS-PROTOCOL.md §4.2; CLINICS FAQ Q2-2 "⚫️やΔなどの記号"; Dentis FAQ "⚫︎").
 * The set:
 *
 * <ul>
 *   <li>{@code ●} U+25CF BLACK CIRCLE: the form in OQS files (OQS-PROTOCOL.md §4.2, sample 4);
 *   <li>{@code ⚫} U+26AB MEDIUM BLACK CIRCLE, with or without variation selector U+FE0E/U+FE0F: the
 *       form the help pages show;
 *   <li>{@code Δ} U+0394 GREEK CAPITAL DELTA: named by the CLINICS FAQ;
 *   <li>{@code 〓} U+3013 GETA MARK: the customary JIS substitute for a missing glyph.
 * </ul>
 *
 * No question-mark substitute was found in the sources of OQS-PROTOCOL.md; {@code ?} is not a
 * placeholder.
 */
final class Placeholders {
  private Placeholders() {}

  static boolean is(int codePoint) {
    return codePoint == 0x25CF || codePoint == 0x26AB || codePoint == 0x0394 || codePoint == 0x3013;
  }

  static boolean isVariationSelector(int codePoint) {
    return codePoint == 0xFE0E || codePoint == 0xFE0F;
  }

  /** True when the text holds at least one placeholder. */
  static boolean any(String text) {
    return text != null && text.codePoints().anyMatch(Placeholders::is);
  }
}
