package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD023 感染症法第37条の2の該当状況 (OQS-PROTOCOL.md §3); element: StatusOfInfecton. */
public enum InfectiousDiseaseStatus implements OqsCode {
  APPLICABLE("01", "あり"),
  NOT_APPLICABLE("02", "なし");

  private final String code;
  private final String label;

  InfectiousDiseaseStatus(String code, String label) {
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
    return OqsCodeTable.OQSCD023;
  }

  /** The value with that code, if the table has one. */
  public static Optional<InfectiousDiseaseStatus> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
