package jp.oqsgateway.gateway.oqs.codes;

import java.util.Optional;

/** OQSCD009 本人・家族区分 (OQS-PROTOCOL.md §3); element: PersonalFamilyClassification. */
public enum PersonalFamilyClassification implements OqsCode {
  INSURED_PERSON("1", "本人"),
  FAMILY("2", "家族");

  private final String code;
  private final String label;

  PersonalFamilyClassification(String code, String label) {
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
    return OqsCodeTable.OQSCD009;
  }

  /** The value with that code, if the table has one. */
  public static Optional<PersonalFamilyClassification> fromCode(String code) {
    return OqsCode.find(values(), code);
  }
}
