package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD014 限度額適用認定証情報変更有無 (OQS-PROTOCOL.md §3); element: LimitApplicationCertificateChanged. */
public enum LimitCertificateChanged implements OqsCode {
  UNCHANGED("0", "変更なし"),
  CHANGED_OR_UNKNOWN("1", "変更あり または 判定不能");

  private final String code;
  private final String label;

  LimitCertificateChanged(String code, String label) {
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
    return OqsCodeTable.OQSCD014;
  }

  /** The value with that code, if the table has one. */
  public static Optional<LimitCertificateChanged> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
