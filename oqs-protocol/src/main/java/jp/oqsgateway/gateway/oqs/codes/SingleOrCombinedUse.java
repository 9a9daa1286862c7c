package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD020 単独・併用別 (OQS-PROTOCOL.md §3); element: SingleOrCombinedUse. */
public enum SingleOrCombinedUse implements OqsCode {
  SINGLE("01", "単独"),
  COMBINED("02", "併用");

  private final String code;
  private final String label;

  SingleOrCombinedUse(String code, String label) {
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
    return OqsCodeTable.OQSCD020;
  }

  /** The value with that code, if the table has one. */
  public static Optional<SingleOrCombinedUse> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
