package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD016 同意区分 (OQS-PROTOCOL.md §3); element: SpecificDiseasesCertificateRelatedConsFlg and the
 * …InfoConsFlg elements.
 *
 * <p>2 is produced only by the 訪問診療等・オンライン診療等 interfaces, 3 only by the emergency interface.
 */
public enum ConsentFlag implements OqsCode {
  NOT_CONSENTED("0", "同意なし"),
  CONSENTED("1", "同意あり"),
  EXPIRED("2", "同意有効期限切れ"),
  CONSENT_IMPOSSIBLE("3", "同意取得困難");

  private final String code;
  private final String label;

  ConsentFlag(String code, String label) {
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
    return OqsCodeTable.OQSCD016;
  }

  /** The value with that code, if the table has one. */
  public static Optional<ConsentFlag> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
