package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD026 指定医療機関確認フラグ (OQS-PROTOCOL.md §3); element: DesignatedMedicalInstitutionFlag. */
public enum DesignatedInstitutionMatch implements OqsCode {
  MATCH("0", "一致"),
  MISMATCH("1", "不一致");

  private final String code;
  private final String label;

  DesignatedInstitutionMatch(String code, String label) {
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
    return OqsCodeTable.OQSCD026;
  }

  /** The value with that code, if the table has one. */
  public static Optional<DesignatedInstitutionMatch> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
