package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD003 処理結果区分 (OQS-PROTOCOL.md §3); element: SegmentOfResult. */
public enum SegmentOfResult implements OqsCode {
  COMPLETED("1", "正常終了"),
  IN_PROGRESS("2", "処理中"),
  FAILED("9", "異常終了");

  private final String code;
  private final String label;

  SegmentOfResult(String code, String label) {
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
    return OqsCodeTable.OQSCD003;
  }

  /** The value with that code, if the table has one. */
  public static Optional<SegmentOfResult> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
