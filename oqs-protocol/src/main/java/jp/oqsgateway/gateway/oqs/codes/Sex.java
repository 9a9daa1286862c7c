package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD007 性別 (OQS-PROTOCOL.md §3); element: Sex1, Sex2. */
public enum Sex implements OqsCode {
  MALE("1", "男"),
  FEMALE("2", "女"),
  NOT_SET("3", "未設定");

  private final String code;
  private final String label;

  Sex(String code, String label) {
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
    return OqsCodeTable.OQSCD007;
  }

  /** The value with that code, if the table has one. */
  public static Optional<Sex> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
