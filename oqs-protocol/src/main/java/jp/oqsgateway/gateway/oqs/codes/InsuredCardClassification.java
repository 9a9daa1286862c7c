package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/**
 * OQSCD010 被保険者証区分 (OQS-PROTOCOL.md §3); element: InsuredCardClassification.
 *
 * <p>Label of 05 follows S1/S3; S16 calls it 特別療養費支給対象者. Card-based codes remain in use for
 * back-dated checks (OQS-PROTOCOL.md §3).
 */
public enum InsuredCardClassification implements OqsCode {
  GENERAL("01", "被保険者証（一般）"),
  RETIRED("02", "被保険者証（退職）"),
  SHORT_TERM_GENERAL("03", "短期被保険者証（一般）"),
  SHORT_TERM_RETIRED("04", "短期被保険者証（退職）"),
  QUALIFICATION_CERTIFICATE("05", "被保険者資格証明書"),
  SPECIAL_RETIRED("06", "特例退職被保険者証"),
  SELF_DEFENSE_FORCES("07", "自衛官診療証"),
  MEDICAL_AID("A1", "医療扶助");

  private final String code;
  private final String label;

  InsuredCardClassification(String code, String label) {
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
    return OqsCodeTable.OQSCD010;
  }

  /** The value with that code, if the table has one. */
  public static Optional<InsuredCardClassification> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
