package jp.oqsgateway.gateway.oqs.link;

/**
 * Text that came from the terminal's share (an {@code .err} file, a message inside a result) made
 * fit for an API caller, a log line or a database column: whoever can write into {@code res/} must
 * not be able to send terminal escape sequences, line breaks that forge log lines, or megabytes of
 * text through the gateway.
 */
public final class TerminalText {
  /** Longest text kept, in characters; longer text ends with {@value #ELLIPSIS}. */
  public static final int MAX_LENGTH = 512;

  private static final String ELLIPSIS = "…";

  private TerminalText() {}

  /**
   * Control characters (line breaks and tabs included) and invisible format characters (e.g.
   * right-to-left overrides) become one space each, runs of white space one space, the ends are
   * stripped, and the result is cut at {@link #MAX_LENGTH} characters (never inside a surrogate
   * pair).
   */
  public static String clean(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 1));
    boolean space = false;
    int i = 0;
    while (i < text.length() && out.length() <= MAX_LENGTH) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      boolean blank =
          Character.isWhitespace(cp)
              || Character.isSpaceChar(cp)
              || type == Character.CONTROL
              || type == Character.FORMAT
              || type == Character.UNASSIGNED
              || type == Character.PRIVATE_USE
              || type == Character.SURROGATE;
      if (blank) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(cp);
    }
    if (out.length() <= MAX_LENGTH && i >= text.length()) {
      return out.toString();
    }
    int cut = MAX_LENGTH - ELLIPSIS.length();
    if (Character.isHighSurrogate(out.charAt(cut - 1))) {
      cut--;
    }
    return out.substring(0, cut).stripTrailing() + ELLIPSIS;
  }
}
