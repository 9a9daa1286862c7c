package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD022 社会保険状況の整合性フラグ (OQS-PROTOCOL.md §3); element: ConsistencyFlag. */
public enum ConsistencyFlag implements OqsCode {
  INCONSISTENT("1", "不整合あり");

  private final String code;
  private final String label;

  ConsistencyFlag(String code, String label) {
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
    return OqsCodeTable.OQSCD022;
  }

  /** The value with that code, if the table has one. */
  public static Optional<ConsistencyFlag> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
