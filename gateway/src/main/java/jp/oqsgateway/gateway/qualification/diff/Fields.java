package jp.oqsgateway.gateway.qualification.diff;

/** The stable field names of {@link FieldDifference#field()}; the REST API exposes them as is. */
public final class Fields {
  public static final String QUALIFICATION = "qualification";
  public static final String INSURER_NUMBER = "insurerNumber";
  public static final String SYMBOL = "symbol";
  public static final String NUMBER = "number";
  public static final String BRANCH = "branch";
  public static final String PERSONAL_FAMILY = "personalFamily";
  public static final String BIRTH_DATE = "birthDate";
  public static final String NAME = "name";
  public static final String NAME_KANA = "nameKana";
  public static final String ADDRESS = "address";
  public static final String POST_NUMBER = "postNumber";
  public static final String VALID_TO = "validTo";
  public static final String COPAY_RATIO = "copayRatio";
  public static final String ELDERLY_RECIPIENT_RATIO = "elderlyRecipientRatio";
  public static final String LIMIT_CATEGORY = "limitCategory";
  public static final String SPECIFIC_DISEASE = "specificDisease";
  public static final String MEDICAL_AID_PAYER_NUMBER = "medicalAidPayerNumber";
  public static final String MEDICAL_AID_RECIPIENT_NUMBER = "medicalAidRecipientNumber";

  private Fields() {}
}
