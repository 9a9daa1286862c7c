package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD037 利用設定区分 (OQS-PROTOCOL.md §3); element: (no element known). */
public enum UsageSetting implements OqsCode {
  NOT_USED("0", "利用しない"),
  USED("1", "利用する");

  private final String code;
  private final String label;

  UsageSetting(String code, String label) {
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
    return OqsCodeTable.OQSCD037;
  }

  /** The value with that code, if the table has one. */
  public static Optional<UsageSetting> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
