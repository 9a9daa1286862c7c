package jp.oqsgateway.gateway.qualification.diff;

/**
 * Equality of two texts in which a {@linkplain Placeholders placeholder} on either side matches
 * exactly one character (one code point, so {@code 𠮷} counts as one) of the other side.
 */
final class MaskedText {
  private MaskedText() {}

  static boolean matches(String a, String b) {
    int[] x = codePoints(a);
    int[] y = codePoints(b);
    if (x.length != y.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i] != y[i] && !Placeholders.is(x[i]) && !Placeholders.is(y[i])) {
        return false;
      }
    }
    return true;
  }

  private static int[] codePoints(String s) {
    return s.codePoints().filter(c -> !Placeholders.isVariationSelector(c)).toArray();
  }
}
