package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD040 情報要求パターン (OQS-PROTOCOL.md §3); element: (no element known). */
public enum InformationRequestPattern implements OqsCode {
  EMERGENCY_SUMMARY("1", "救急用サマリー"),
  EMERGENCY_FULL("2", "救急用全量版"),
  EPRESCRIPTION_AND_EMERGENCY("3", "電子処方箋+救急用サマリー+救急用全量版"),
  CURRENT_DRUG("4", "現行通りの薬剤情報"),
  CURRENT_DIAGNOSIS_AND_DRUG("5", "現行通りの診療／薬剤情報"),
  CURRENT_HEALTH_CHECK("6", "現行通りの特定健診情報");

  private final String code;
  private final String label;

  InformationRequestPattern(String code, String label) {
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
    return OqsCodeTable.OQSCD040;
  }

  /** The value with that code, if the table has one. */
  public static Optional<InformationRequestPattern> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
