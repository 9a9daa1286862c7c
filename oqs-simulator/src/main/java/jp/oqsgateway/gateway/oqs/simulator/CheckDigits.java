package jp.oqsgateway.gateway.oqs.simulator;

/**
 * The check digit of insurer numbers, 公費負担者番号, 受給者番号 and 後期高齢 被保険者番号 (OQS-PROTOCOL.md §4.1): from
 * the rightmost digit before the check digit multiply alternately by 2, 1, 2, …, add the digits of
 * each product, and the check digit is (10 − sum mod 10) mod 10.
 */
public final class CheckDigits {
  private CheckDigits() {}

  /** The check digit for the digits before it. */
  public static int compute(String body) {
    int sum = 0;
    int weight = 2;
    for (int i = body.length() - 1; i >= 0; i--) {
      char c = body.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a digit at position " + i);
      }
      int p = (c - '0') * weight;
      sum += p / 10 + p % 10;
      weight = weight == 2 ? 1 : 2;
    }
    return (10 - sum % 10) % 10;
  }

  /** The body with its check digit appended. */
  public static String append(String body) {
    return body + compute(body);
  }

  /** True when the number (digits only, surrounding spaces ignored) ends in a valid check digit. */
  public static boolean isValid(String number) {
    String n = number.strip();
    if (n.length() < 2 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return compute(n.substring(0, n.length() - 1)) == n.charAt(n.length() - 1) - '0';
  }
}
