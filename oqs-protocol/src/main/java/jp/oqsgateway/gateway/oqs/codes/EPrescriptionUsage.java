package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD038 電子処方箋利用区分 (OQS-PROTOCOL.md §3); element: (no element known). */
public enum EPrescriptionUsage implements OqsCode {
  NOT_USED("0", "利用しない"),
  ELECTRONIC_ONLY("1", "電子処方箋のみ"),
  ELECTRONIC_AND_PAPER("2", "電子処方箋+紙の処方箋併用"),
  PAPER_ONLY("3", "紙の処方箋のみ");

  private final String code;
  private final String label;

  EPrescriptionUsage(String code, String label) {
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
    return OqsCodeTable.OQSCD038;
  }

  /** The value with that code, if the table has one. */
  public static Optional<EPrescriptionUsage> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
