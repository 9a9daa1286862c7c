package jp.oqsgateway.gateway.oqs.simulator;

/**
 * A fictitious insurer of the generated population: its number (with a valid check digit, 6 digits
 * for 国保, 8 otherwise) and its name. The numbers are fixed, so they never consume a seeded draw.
 */
record Insurer(String number, String name) {
  static final Insurer KYOKAI = new Insurer("01139997", "全国健康保険協会見本支部（架空）");
  static final Insurer KUMIAI = new Insurer("06139984", "見本工業健康保険組合");
  static final Insurer KUMIAI2 = new Insurer(CheckDigits.append("0613701"), "試験商事健康保険組合");
  static final Insurer KYOSAI = new Insurer(CheckDigits.append("3113801"), "架空市町村職員共済組合");
  static final Insurer KOKUHO = new Insurer("139998", "架空区（国民健康保険）");
  static final Insurer KOKUHO2 = new Insurer(CheckDigits.append("13802"), "見本市（国民健康保険）");
  static final Insurer TAISHOKU = new Insurer(CheckDigits.append("6713999"), "架空区（退職者医療）");
  static final Insurer TOKUREI = new Insurer(CheckDigits.append("6313903"), "見本特定健康保険組合");
  static final Insurer JIEIKAN = new Insurer(CheckDigits.append("0713901"), "防衛省見本共済組合（架空）");
  static final Insurer KOUKI = new Insurer("39139993", "東京都後期高齢者医療広域連合（架空）");
  static final Insurer SEIHO = new Insurer(CheckDigits.append("1213900"), "架空区福祉事務所");

  /** 国保 and 退職者医療 numbers: 記号 of two digits, 番号 up to 8 digits, always 本人. */
  boolean isKokuhoLike() {
    return number.length() == 6 || number.startsWith("67");
  }
}
