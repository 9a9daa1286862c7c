package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD033 URL取得区分 (OQS-PROTOCOL.md §3); element: (no element known). */
public enum UrlKind implements OqsCode {
  HOME_VISIT("2", "訪問診療等"),
  ONLINE("3", "オンライン診療等");

  private final String code;
  private final String label;

  UrlKind(String code, String label) {
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
    return OqsCodeTable.OQSCD033;
  }

  /** The value with that code, if the table has one. */
  public static Optional<UrlKind> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
