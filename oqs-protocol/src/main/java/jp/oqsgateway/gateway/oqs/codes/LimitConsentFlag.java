package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD001 限度額適用認定証提供同意フラグ (OQS-PROTOCOL.md §3); element:
 * LimitApplicationCertificateRelatedConsFlg.
 */
public enum LimitConsentFlag implements OqsCode {
  NOT_CONSENTED("0", "未同意"),
  CONSENTED("1", "同意");

  private final String code;
  private final String label;

  LimitConsentFlag(String code, String label) {
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
    return OqsCodeTable.OQSCD001;
  }

  /** The value with that code, if the table has one. */
  public static Optional<LimitConsentFlag> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
