package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD031 同意有効期限切れ理由 (OQS-PROTOCOL.md §3); element: (no element known). */
public enum ConsentExpiryReason implements OqsCode {
  PER_CARE_FORM("0", "診療形態毎に異なる（仕様書の補足参照）"),
  WITHDRAWN_BY_INSTITUTION("1", "医療機関による同意取り消し"),
  WITHDRAWN_BY_PATIENT("2", "患者による同意取り消し"),
  WITHDRAWN_BY_CHANGE_OF_USE("3", "用途変更による同意取り消し");

  private final String code;
  private final String label;

  ConsentExpiryReason(String code, String label) {
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
    return OqsCodeTable.OQSCD031;
  }

  /** The value with that code, if the table has one. */
  public static Optional<ConsentExpiryReason> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
