package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD013 特定疾病療養受療証認定疾病区分 (OQS-PROTOCOL.md §3); element: SpecificDiseasesDiseaseCategory. */
public enum SpecificDiseaseCategory implements OqsCode {
  CHRONIC_RENAL_FAILURE_DIALYSIS("1", "人工透析を必要とする慢性腎不全"),
  CONGENITAL_COAGULATION_FACTOR_DISORDER("2", "先天性血液凝固因子障害（第VIII因子、第IX因子）"),
  HIV_FROM_COAGULATION_FACTOR("3", "血液凝固因子製剤の投与に起因するHIV感染症");

  private final String code;
  private final String label;

  SpecificDiseaseCategory(String code, String label) {
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
    return OqsCodeTable.OQSCD013;
  }

  /** The value with that code, if the table has one. */
  public static Optional<SpecificDiseaseCategory> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
