package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD028 診療区分 (OQS-PROTOCOL.md §3); element: MedicalTreatmentFlag. */
public enum MedicalTreatmentFlag implements OqsCode {
  OUTPATIENT("1", "外来"),
  HOME_VISIT("2", "訪問診療等"),
  ONLINE("3", "オンライン診療等"),
  EMERGENCY("4", "救急時");

  private final String code;
  private final String label;

  MedicalTreatmentFlag(String code, String label) {
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
    return OqsCodeTable.OQSCD028;
  }

  /** The value with that code, if the table has one. */
  public static Optional<MedicalTreatmentFlag> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
