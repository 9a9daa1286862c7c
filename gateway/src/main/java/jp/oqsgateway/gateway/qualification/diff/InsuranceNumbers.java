package jp.oqsgateway.gateway.qualification.diff;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Keys under which insurance numbers are compared (OQS-PROTOCOL.md §4.2, myclinic's rules): insurer
 * numbers as numbers (space- or zero-padded, 6 or 8 digits), 記号 after half-width conversion, 番号
 * after stripping leading zeros, 枝番 exactly after half-width conversion.
 */
final class InsuranceNumbers {
  private InsuranceNumbers() {}

  /** The insurer number as a number, empty when it is not one. */
  static Optional<BigInteger> insurer(String raw) {
    String s = halfWidth(raw);
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(new BigInteger(s));
  }

  static boolean sameInsurer(String a, String b) {
    Optional<BigInteger> x = insurer(a);
    return x.isPresent() && x.equals(insurer(b));
  }

  /** 記号: half-width, no spaces. */
  static String symbol(String raw) {
    return halfWidth(raw);
  }

  /** 番号: half-width, no spaces, no leading zeros ({@code 0}s only → {@code 0}). */
  static String number(String raw) {
    String s = halfWidth(raw);
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  /** 枝番: half-width, no spaces, otherwise exact ({@code 0} ≠ {@code 00}). */
  static String branch(String raw) {
    return halfWidth(raw);
  }

  static boolean blank(String raw) {
    return halfWidth(raw).isEmpty();
  }

  private static String halfWidth(String raw) {
    return raw == null ? "" : JapaneseText.withoutSpaces(JapaneseText.foldWidth(raw));
  }
}
