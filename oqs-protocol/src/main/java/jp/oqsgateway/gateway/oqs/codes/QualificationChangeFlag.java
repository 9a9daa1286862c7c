package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD032 資格情報変更確認フラグ (OQS-PROTOCOL.md §3); element: (no element known). */
public enum QualificationChangeFlag implements OqsCode {
  MATCH("0", "一致"),
  MISMATCH("1", "不一致");

  private final String code;
  private final String label;

  QualificationChangeFlag(String code, String label) {
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
    return OqsCodeTable.OQSCD032;
  }

  /** The value with that code, if the table has one. */
  public static Optional<QualificationChangeFlag> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
