package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD041 二要素認証要素区分 (OQS-PROTOCOL.md §3); element: (no element known).
 *
 * <p>The value decides which OQSCD042 values apply; see AuthenticationMethod.
 */
public enum AuthenticationFactor implements OqsCode {
  KNOWLEDGE("1", "記憶"),
  BIOMETRIC("2", "生体情報"),
  POSSESSION("3", "物理媒体");

  private final String code;
  private final String label;

  AuthenticationFactor(String code, String label) {
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
    return OqsCodeTable.OQSCD041;
  }

  /** The value with that code, if the table has one. */
  public static Optional<AuthenticationFactor> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
