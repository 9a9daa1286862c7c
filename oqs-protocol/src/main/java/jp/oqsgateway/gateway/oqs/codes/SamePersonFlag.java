package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD027 同一個人有無フラグ (OQS-PROTOCOL.md §3); element: (no element known). */
public enum SamePersonFlag implements OqsCode {
  SAME_PERSON_EXISTS("1", "同一個人あり");

  private final String code;
  private final String label;

  SamePersonFlag(String code, String label) {
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
    return OqsCodeTable.OQSCD027;
  }

  /** The value with that code, if the table has one. */
  public static Optional<SamePersonFlag> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
