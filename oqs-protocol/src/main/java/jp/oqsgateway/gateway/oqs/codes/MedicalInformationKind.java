package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD029 医療情報種別 (OQS-PROTOCOL.md §3); element: (no element known). */
public enum MedicalInformationKind implements OqsCode {
  HEALTH_CHECK("TKK", "特定健診情報"),
  DRUG("YZK", "薬剤情報等");

  private final String code;
  private final String label;

  MedicalInformationKind(String code, String label) {
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
    return OqsCodeTable.OQSCD029;
  }

  /** The value with that code, if the table has one. */
  public static Optional<MedicalInformationKind> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
