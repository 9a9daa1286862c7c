package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD039 処方箋発行形態選択タイミング (OQS-PROTOCOL.md §3); element: (no element known). */
public enum PrescriptionSelectTiming implements OqsCode {
  OUTSIDE_QUALIFICATION_CHECK("1", "資格確認時以外で確認する"),
  AT_QUALIFICATION_CHECK("2", "資格確認時に確認する");

  private final String code;
  private final String label;

  PrescriptionSelectTiming(String code, String label) {
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
    return OqsCodeTable.OQSCD039;
  }

  /** The value with that code, if the table has one. */
  public static Optional<PrescriptionSelectTiming> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
