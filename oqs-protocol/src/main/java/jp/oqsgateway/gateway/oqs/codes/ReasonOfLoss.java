package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD008 資格喪失事由 (OQS-PROTOCOL.md §3); element: ReasonOfLoss. */
public enum ReasonOfLoss implements OqsCode {
  DEATH("01", "死亡"),
  PUBLIC_ASSISTANCE_STARTED("02", "生活保護受給開始"),
  OTHER_INSURANCE_ACQUIRED("03", "医療保険等の資格取得"),
  OTHER("99", "その他");

  private final String code;
  private final String label;

  ReasonOfLoss(String code, String label) {
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
    return OqsCodeTable.OQSCD008;
  }

  /** The value with that code, if the table has one. */
  public static Optional<ReasonOfLoss> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
