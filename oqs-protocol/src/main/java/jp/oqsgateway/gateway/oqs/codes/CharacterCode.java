package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD005 文字コード識別 (OQS-PROTOCOL.md §3); element: CharacterCodeIdentifier.
 *
 * <p>One variant of the source lists 1/2; three sources agree on 0/1 (OQS-PROTOCOL.md §1.3 [C]).
 */
public enum CharacterCode implements OqsCode {
  UTF_8("0", "UTF-8"),
  SHIFT_JIS("1", "Shift_JIS");

  private final String code;
  private final String label;

  CharacterCode(String code, String label) {
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
    return OqsCodeTable.OQSCD005;
  }

  /** The value with that code, if the table has one. */
  public static Optional<CharacterCode> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
