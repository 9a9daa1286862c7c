package jp.oqsgateway.gateway.oqs.message;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * 保険者番号 (OQS-PROTOCOL.md §2.1, §4.1): 8 digits, or 6 digits for 国民健康保険. Files pad a 6-digit number
 * to 8 characters with leading spaces (the terminal's form) or zeros (myclinic's JSON form); both
 * are read, spaces are written.
 *
 * @param digits 6 or 8 digits without padding
 */
public record InsurerNumber(String digits) {
  private static final Pattern SIX_OR_EIGHT = Pattern.compile("\\d{6}|\\d{8}");

  public InsurerNumber {
    Objects.requireNonNull(digits, "digits");
    if (!SIX_OR_EIGHT.matcher(digits).matches()) {
      throw new IllegalArgumentException("an insurer number has 6 or 8 digits");
    }
    if (digits.length() == 8 && digits.startsWith("00")) {
      throw new IllegalArgumentException(
          "8 digits starting with 00 are a zero-padded 6-digit number; use parse");
    }
  }

  /**
   * Reads the wire form: 6 or 8 digits, optionally right-aligned in 8 characters with spaces, or
   * zero-padded to 8 ({@code 00139998} is the 国保 number 139998: 法別 00 does not exist).
   */
  public static Optional<InsurerNumber> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.strip();
    if (s.length() == 8 && s.startsWith("00")) {
      s = s.substring(2);
    }
    return SIX_OR_EIGHT.matcher(s).matches() ? Optional.of(new InsurerNumber(s)) : Optional.empty();
  }

  /** The 8-character wire form, right-aligned and space-padded. */
  public String wire() {
    return digits.length() == 8 ? digits : "  " + digits;
  }

  /** True for 8-digit numbers of 法別 39 (後期高齢者医療). */
  public boolean isLateStageElderly() {
    return digits.length() == 8 && digits.startsWith("39");
  }

  /** §4.1: the last digit is the check digit of the others. */
  public boolean hasValidCheckDigit() {
    return isValidCheckDigit(digits);
  }

  /**
   * The check-digit rule of §4.1 (also used for 後期高齢 被保険者番号): from the rightmost digit before the
   * check digit, multiply alternately by 2 and 1, add the digits of each product, and the check
   * digit is {@code (10 - sum % 10) % 10}.
   */
  public static boolean isValidCheckDigit(String number) {
    if (number == null || number.length() < 2 || !number.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int sum = 0;
    int weight = 2;
    for (int i = number.length() - 2; i >= 0; i--) {
      int p = (number.charAt(i) - '0') * weight;
      sum += p / 10 + p % 10;
      weight = weight == 2 ? 1 : 2;
    }
    return (10 - sum % 10) % 10 == number.charAt(number.length() - 1) - '0';
  }

  @Override
  public String toString() {
    return digits;
  }
}
