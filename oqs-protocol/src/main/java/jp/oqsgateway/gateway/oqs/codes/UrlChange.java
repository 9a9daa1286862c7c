package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD035 変更区分 (OQS-PROTOCOL.md §3); element: (no element known).
 *
 * <p>S16 labels this table URL取得区分 too; the name used here is inferred from its values [I].
 */
public enum UrlChange implements OqsCode {
  KEEP("0", "変更しない"),
  CHANGE("1", "変更する");

  private final String code;
  private final String label;

  UrlChange(String code, String label) {
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
    return OqsCodeTable.OQSCD035;
  }

  /** The value with that code, if the table has one. */
  public static Optional<UrlChange> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
