package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD012 限度額適用認定証適用区分 (OQS-PROTOCOL.md §3); element:
 * LimitApplicationCertificateClassificationFlag.
 *
 * <p>A01–A06 apply under 70, B01–B08 from 70, B09/B10 to 後期高齢者.
 */
public enum LimitCertificateCategory implements OqsCode {
  A("A01", "ア"),
  I("A02", "イ"),
  U("A03", "ウ"),
  E("A04", "エ"),
  O("A05", "オ"),
  O_BOUNDARY("A06", "オ（境）"),
  ACTIVE_LEVEL_III("B01", "現役並みⅢ"),
  ACTIVE_LEVEL_II("B02", "現役並みⅡ"),
  ACTIVE_LEVEL_I("B03", "現役並みⅠ"),
  GENERAL("B04", "一般"),
  LOW_INCOME_II("B05", "低所得Ⅱ"),
  LOW_INCOME_I("B06", "低所得Ⅰ"),
  LOW_INCOME_I_ELDERLY_WELFARE("B07", "低所得Ⅰ（老福）"),
  LOW_INCOME_I_BOUNDARY("B08", "低所得Ⅰ（境）"),
  GENERAL_II("B09", "一般Ⅱ"),
  GENERAL_I("B10", "一般Ⅰ");

  private final String code;
  private final String label;

  LimitCertificateCategory(String code, String label) {
    this.code = code;
    this.label = label;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public OqsCodeTable table() {
    return OqsCodeTable.OQSCD012;
  }

  /** The value with that code, if the table has one. */
  public static Optional<LimitCertificateCategory> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
