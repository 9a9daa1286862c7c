package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD030 薬剤情報等 (OQS-PROTOCOL.md §3); element: (no element known). */
public enum DrugInformationDisplay implements OqsCode {
  HIDE("0", "表示しない"),
  SHOW("1", "表示する");

  private final String code;
  private final String label;

  DrugInformationDisplay(String code, String label) {
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
    return OqsCodeTable.OQSCD030;
  }

  /** The value with that code, if the table has one. */
  public static Optional<DrugInformationDisplay> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
