package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD043 救急時閲覧権限有無 (OQS-PROTOCOL.md §3); element: (no element known). */
public enum EmergencyViewingPermission implements OqsCode {
  NONE("0", "権限無し"),
  GRANTED("1", "権限あり");

  private final String code;
  private final String label;

  EmergencyViewingPermission(String code, String label) {
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
    return OqsCodeTable.OQSCD043;
  }

  /** The value with that code, if the table has one. */
  public static Optional<EmergencyViewingPermission> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
