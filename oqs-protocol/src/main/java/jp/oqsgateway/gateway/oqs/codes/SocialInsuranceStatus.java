package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD021 社会保険状況 (OQS-PROTOCOL.md §3); element: StatusOfSocialInsurance. */
public enum SocialInsuranceStatus implements OqsCode {
  PRESENT("01", "あり"),
  ABSENT("02", "なし");

  private final String code;
  private final String label;

  SocialInsuranceStatus(String code, String label) {
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
    return OqsCodeTable.OQSCD021;
  }

  /** The value with that code, if the table has one. */
  public static Optional<SocialInsuranceStatus> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
