package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD034 出力形式 (OQS-PROTOCOL.md §3); element: (no element known).
 *
 * <p>S16 labels this table URL取得区分 too; the name used here is inferred from its values [I].
 */
public enum OutputFormat implements OqsCode {
  PDF("1", "PDF形式"),
  PNG("2", "PNG形式");

  private final String code;
  private final String label;

  OutputFormat(String code, String label) {
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
    return OqsCodeTable.OQSCD034;
  }

  /** The value with that code, if the table has one. */
  public static Optional<OutputFormat> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
