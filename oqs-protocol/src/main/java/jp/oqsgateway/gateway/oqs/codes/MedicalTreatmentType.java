package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD019 診療別 (OQS-PROTOCOL.md §3); element: MedicalTreatmentType. */
public enum MedicalTreatmentType implements OqsCode {
  INPATIENT("01", "入院"),
  OUTPATIENT("02", "入院外"),
  DENTAL("03", "歯科"),
  DISPENSING("04", "調剤"),
  HOME_NURSING("05", "訪問看護");

  private final String code;
  private final String label;

  MedicalTreatmentType(String code, String label) {
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
    return OqsCodeTable.OQSCD019;
  }

  /** The value with that code, if the table has one. */
  public static Optional<MedicalTreatmentType> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
