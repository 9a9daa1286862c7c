package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD011 限度額適用認定証区分 (OQS-PROTOCOL.md §3); element: LimitApplicationCertificateClassification. */
public enum LimitCertificateClassification implements OqsCode {
  LIMIT_CERTIFICATE("01", "限度額適用区分認定証"),
  LIMIT_AND_MEAL_REDUCTION_CERTIFICATE("02", "限度額適用・標準負担額減額認定証"),
  MEAL_REDUCTION_CERTIFICATE("03", "標準負担額減額認定証");

  private final String code;
  private final String label;

  LimitCertificateClassification(String code, String label) {
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
    return OqsCodeTable.OQSCD011;
  }

  /** The value with that code, if the table has one. */
  public static Optional<LimitCertificateClassification> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
