package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD024 後期高齢者医療の該当状況 (OQS-PROTOCOL.md §3); element: StatusOfElderlyMedicalCare. */
public enum ElderlyMedicalCareStatus implements OqsCode {
  APPLICABLE("01", "あり"),
  NOT_APPLICABLE("02", "なし");

  private final String code;
  private final String label;

  ElderlyMedicalCareStatus(String code, String label) {
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
    return OqsCodeTable.OQSCD024;
  }

  /** The value with that code, if the table has one. */
  public static Optional<ElderlyMedicalCareStatus> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
