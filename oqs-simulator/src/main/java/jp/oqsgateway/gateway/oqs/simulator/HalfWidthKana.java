package jp.oqsgateway.gateway.oqs.simulator;

/**
 * Full-width katakana to the half-width form OQS uses in {@code NameKana} (OQS-PROTOCOL.md §1.3:
 * half-width kana, half-width space between family and given name).
 */
final class HalfWidthKana {
  private static final String FULL =
      "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン" + "ァィゥェォャュョッー　";
  private static final String HALF =
      "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ" + "ｧｨｩｪｫｬｭｮｯｰ ";
  private static final String VOICED = "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴ";
  private static final String VOICED_BASE = "カキクケコサシスセソタチツテトハヒフヘホウ";
  private static final String SEMI = "パピプペポ";
  private static final String SEMI_BASE = "ハヒフヘホ";

  private HalfWidthKana() {}

  static String of(String fullWidth) {
    StringBuilder sb = new StringBuilder();
    for (char c : fullWidth.toCharArray()) {
      int v = VOICED.indexOf(c);
      int s = SEMI.indexOf(c);
      if (v >= 0) {
        sb.append(HALF.charAt(FULL.indexOf(VOICED_BASE.charAt(v)))).append('ﾞ');
      } else if (s >= 0) {
        sb.append(HALF.charAt(FULL.indexOf(SEMI_BASE.charAt(s)))).append('ﾟ');
      } else {
        int i = FULL.indexOf(c);
        if (i < 0) {
          throw new IllegalArgumentException("no half-width form for U+" + Integer.toHexString(c));
        }
        sb.append(HALF.charAt(i));
      }
    }
    return sb.toString();
  }
}
