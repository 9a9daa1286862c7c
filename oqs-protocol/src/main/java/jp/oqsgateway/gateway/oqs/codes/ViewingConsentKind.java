package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD036 閲覧同意情報種別 (OQS-PROTOCOL.md §3); element: (no element known).
 *
 * <p>Longer labels in S16: YZK 薬剤・処方, SRJ 診療・その他アレルギー等・薬剤アレルギー等・検査情報, SHJ 手術・傷病名・感染症情報.
 */
public enum ViewingConsentKind implements OqsCode {
  SPECIFIC_DISEASE("TSR", "特定疾病療養受療証情報"),
  HEALTH_CHECK("TKK", "特定健診情報"),
  DRUG("YZK", "薬剤情報"),
  DIAGNOSIS("SRJ", "診療情報"),
  OPERATION("SHJ", "手術情報");

  private final String code;
  private final String label;

  ViewingConsentKind(String code, String label) {
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
    return OqsCodeTable.OQSCD036;
  }

  /** The value with that code, if the table has one. */
  public static Optional<ViewingConsentKind> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
