package jp.oqsgateway.gateway.oqs.codes;

/** The code tables of 別紙5-1 as reconstructed in OQS-PROTOCOL.md §3, with their Japanese names. */
public enum OqsCodeTable {
  OQSCD001("限度額適用認定証提供同意フラグ", LimitConsentFlag.class),
  OQSCD002("照会区分", ReferenceClassification.class),
  OQSCD003("処理結果区分", SegmentOfResult.class),
  OQSCD004("処理結果状況", ProcessingResultStatus.class),
  OQSCD005("文字コード識別", CharacterCode.class),
  OQSCD006("資格有効性", QualificationValidity.class),
  OQSCD007("性別", Sex.class),
  OQSCD008("資格喪失事由", ReasonOfLoss.class),
  OQSCD009("本人・家族区分", PersonalFamilyClassification.class),
  OQSCD010("被保険者証区分", InsuredCardClassification.class),
  OQSCD011("限度額適用認定証区分", LimitCertificateClassification.class),
  OQSCD012("限度額適用認定証適用区分", LimitCertificateCategory.class),
  OQSCD013("特定疾病療養受療証認定疾病区分", SpecificDiseaseCategory.class),
  OQSCD014("限度額適用認定証情報変更有無", LimitCertificateChanged.class),
  OQSCD015("未就学区分", PreschoolClassification.class),
  OQSCD016("同意区分", ConsentFlag.class),
  OQSCD017("処方箋発行形態", PrescriptionIssueSelect.class),
  OQSCD018("医療券・調剤券別", TicketType.class),
  OQSCD019("診療別", MedicalTreatmentType.class),
  OQSCD020("単独・併用別", SingleOrCombinedUse.class),
  OQSCD021("社会保険状況", SocialInsuranceStatus.class),
  OQSCD022("社会保険状況の整合性フラグ", ConsistencyFlag.class),
  OQSCD023("感染症法第37条の2の該当状況", InfectiousDiseaseStatus.class),
  OQSCD024("後期高齢者医療の該当状況", ElderlyMedicalCareStatus.class),
  OQSCD025("都道府県費の該当状況", PrefecturalExpenseStatus.class),
  OQSCD026("指定医療機関確認フラグ", DesignatedInstitutionMatch.class),
  OQSCD027("同一個人有無フラグ", SamePersonFlag.class),
  OQSCD028("診療区分", MedicalTreatmentFlag.class),
  OQSCD029("医療情報種別", MedicalInformationKind.class),
  OQSCD030("薬剤情報等", DrugInformationDisplay.class),
  OQSCD031("同意有効期限切れ理由", ConsentExpiryReason.class),
  OQSCD032("資格情報変更確認フラグ", QualificationChangeFlag.class),
  OQSCD033("URL取得区分", UrlKind.class),
  OQSCD034("出力形式", OutputFormat.class),
  OQSCD035("変更区分", UrlChange.class),
  OQSCD036("閲覧同意情報種別", ViewingConsentKind.class),
  OQSCD037("利用設定区分", UsageSetting.class),
  OQSCD038("電子処方箋利用区分", EPrescriptionUsage.class),
  OQSCD039("処方箋発行形態選択タイミング", PrescriptionSelectTiming.class),
  OQSCD040("情報要求パターン", InformationRequestPattern.class),
  OQSCD041("二要素認証要素区分", AuthenticationFactor.class),
  OQSCD042("二要素認証方式区分", AuthenticationMethod.class),
  OQSCD043("救急時閲覧権限有無", EmergencyViewingPermission.class),
  OQSCD044("連携システムID (PMH)", LinkedSystem.class);

  private final String title;
  private final Class<? extends OqsCode> type;

  OqsCodeTable(String title, Class<? extends OqsCode> type) {
    this.title = title;
    this.type = type;
  }

  /** The table's Japanese name, e.g. 資格有効性. */
  public String title() {
    return title;
  }

  /** The enum that holds the table's values. */
  public Class<? extends OqsCode> type() {
    return type;
  }
}
