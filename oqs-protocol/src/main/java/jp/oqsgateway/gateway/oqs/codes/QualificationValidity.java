package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD006 資格有効性 (OQS-PROTOCOL.md §3); element: QualificationValidity.
 *
 * <p>5 occurs for 医療保険 only, 6 for 医療扶助 only.
 */
public enum QualificationValidity implements OqsCode {
  VALID("1", "有効"),
  INVALID("2", "無効"),
  INVALID_NEW_QUALIFICATION("3", "無効（新しい資格あり）"),
  NO_QUALIFICATION("4", "該当資格なし"),
  MULTIPLE("5", "複数該当"),
  VALID_UNREGISTERED("6", "有効（未登録）");

  private final String code;
  private final String label;

  QualificationValidity(String code, String label) {
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
    return OqsCodeTable.OQSCD006;
  }

  /** The value with that code, if the table has one. */
  public static Optional<QualificationValidity> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
