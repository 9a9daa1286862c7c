package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD004 処理結果状況 (OQS-PROTOCOL.md §3); element: ProcessingResultStatus. */
public enum ProcessingResultStatus implements OqsCode {
  NORMAL("1", "正常終了"),
  ERROR("2", "エラー（異常終了）");

  private final String code;
  private final String label;

  ProcessingResultStatus(String code, String label) {
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
    return OqsCodeTable.OQSCD004;
  }

  /** The value with that code, if the table has one. */
  public static Optional<ProcessingResultStatus> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
