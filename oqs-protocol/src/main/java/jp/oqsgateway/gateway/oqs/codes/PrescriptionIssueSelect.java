package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD017 処方箋発行形態 (OQS-PROTOCOL.md §3); element: PrescriptionIssueSelect. */
public enum PrescriptionIssueSelect implements OqsCode {
  ELECTRONIC("1", "電子処方箋"),
  PAPER("2", "紙の処方箋");

  private final String code;
  private final String label;

  PrescriptionIssueSelect(String code, String label) {
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
    return OqsCodeTable.OQSCD017;
  }

  /** The value with that code, if the table has one. */
  public static Optional<PrescriptionIssueSelect> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
