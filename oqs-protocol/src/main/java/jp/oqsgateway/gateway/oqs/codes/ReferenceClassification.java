package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD002 照会区分 (OQS-PROTOCOL.md §3); element: ReferenceClassification. */
public enum ReferenceClassification implements OqsCode {
  MY_NUMBER_CARD("1", "マイナンバーカード"),
  INSURANCE_CARD("2", "被保険者証情報");

  private final String code;
  private final String label;

  ReferenceClassification(String code, String label) {
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
    return OqsCodeTable.OQSCD002;
  }

  /** The value with that code, if the table has one. */
  public static Optional<ReferenceClassification> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
