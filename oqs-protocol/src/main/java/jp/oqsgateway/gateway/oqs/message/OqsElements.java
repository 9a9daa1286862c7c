package jp.oqsgateway.gateway.oqs.message;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.codes.OqsCodeTable;

/**
 * What each element name of OQS-PROTOCOL.md §2 holds, for consumers that walk any document
 * generically (normalized JSON, validator): its value format, its code table, and whether it
 * repeats.
 */
public final class OqsElements {
  /** The value format of a leaf. */
  public enum Format {
    TEXT,
    DATE,
    DATE_TIME,
    MONTH,
    RATIO,
    INSURER_NUMBER,
    COUNT,
    CODE
  }

  private static final Map<String, Format> FORMATS = new HashMap<>();
  private static final Map<String, OqsCodeTable> CODES = new HashMap<>();

  /** Elements that may occur several times under the same parent (§2.4–§2.8). */
  private static final Set<String> REPEATABLE =
      Set.of(
          "ResultOfQualificationConfirmation",
          "BulkConfirmUnit",
          "BulkRegistrationUnit",
          "ReferenceNumberRegistrationInfo",
          "SpecificDiseasesCertificateInfo",
          "MedicalTicketInfo");

  static {
    for (String d :
        new String[] {
          "QualificationConfirmationDate",
          "Birthdate",
          "QualificationDate",
          "DisqualificationDate",
          "InsuredCertificateIssuanceDate",
          "InsuredCardValidDate",
          "InsuredCardExpirationDate",
          "ElderlyRecipientCertificateDate",
          "ElderlyRecipientValidStartDate",
          "ElderlyRecipientValidEndDate",
          "LimitApplicationCertificateDate",
          "LimitApplicationCertificateValidStartDate",
          "LimitApplicationCertificateValidEndDate",
          "LimitApplicationCertificateLongTermDate",
          "SpecificDiseasesCertificateDate",
          "SpecificDiseasesValidStartDate",
          "SpecificDiseasesValidEndDate",
          "MedicalTicketValidDate",
          "MedicalTicketExpirationDate",
          "ConsentDateFrom",
          "ConsentDateTo",
          "ExaminationDateFrom",
          "ExaminationDateTo"
        }) {
      FORMATS.put(d, Format.DATE);
    }
    for (String p :
        new String[] {
          "LimitApplicationCertificateRelated",
          "SpecificDiseasesCertificateRelated",
          "SpecificHealthCheckupsInfo",
          "PharmacistsInfo",
          "DiagnosisInfo",
          "OperationInfo"
        }) {
      FORMATS.put(p + "ConsTime", Format.DATE_TIME);
      FORMATS.put(p + "AvailableTime", Format.DATE_TIME);
      code(p + "ConsFlg", OqsCodeTable.OQSCD016);
    }
    code("LimitApplicationCertificateRelatedConsFlg", OqsCodeTable.OQSCD001);
    FORMATS.put("ProcessExecutionTime", Format.DATE_TIME);
    FORMATS.put("ReceptionDateTime", Format.DATE_TIME);
    FORMATS.put("MedicalTreatmentMonth", Format.MONTH);
    FORMATS.put("StartDate", Format.MONTH);
    FORMATS.put("EndDate", Format.MONTH);
    FORMATS.put("InsuredPartialContributionRatio", Format.RATIO);
    FORMATS.put("ElderlyRecipientContributionRatio", Format.RATIO);
    FORMATS.put("InsurerNumber", Format.INSURER_NUMBER);
    for (String c :
        new String[] {
          "NumberOfProcessingResult",
          "NumberOfNormalProcessing",
          "NumberOfError",
          "SpecificDiseasesSelfPay"
        }) {
      FORMATS.put(c, Format.COUNT);
    }
    code("ReferenceClassification", OqsCodeTable.OQSCD002);
    code("SegmentOfResult", OqsCodeTable.OQSCD003);
    code("ProcessingResultStatus", OqsCodeTable.OQSCD004);
    code("CharacterCodeIdentifier", OqsCodeTable.OQSCD005);
    code("QualificationValidity", OqsCodeTable.OQSCD006);
    code("Sex1", OqsCodeTable.OQSCD007);
    code("Sex2", OqsCodeTable.OQSCD007);
    code("ReasonOfLoss", OqsCodeTable.OQSCD008);
    code("PersonalFamilyClassification", OqsCodeTable.OQSCD009);
    code("InsuredCardClassification", OqsCodeTable.OQSCD010);
    code("LimitApplicationCertificateClassification", OqsCodeTable.OQSCD011);
    code("LimitApplicationCertificateClassificationFlag", OqsCodeTable.OQSCD012);
    code("SpecificDiseasesDiseaseCategory", OqsCodeTable.OQSCD013);
    code("LimitApplicationCertificateChanged", OqsCodeTable.OQSCD014);
    code("PreschoolClassification", OqsCodeTable.OQSCD015);
    code("PrescriptionIssueSelect", OqsCodeTable.OQSCD017);
    code("TicketType", OqsCodeTable.OQSCD018);
    code("MedicalTreatmentType", OqsCodeTable.OQSCD019);
    code("SingleOrCombinedUse", OqsCodeTable.OQSCD020);
    code("StatusOfSocialInsurance", OqsCodeTable.OQSCD021);
    code("ConsistencyFlag", OqsCodeTable.OQSCD022);
    code("StatusOfInfecton", OqsCodeTable.OQSCD023);
    code("StatusOfElderlyMedicalCare", OqsCodeTable.OQSCD024);
    code("StatusOfPrefecturalExpenses", OqsCodeTable.OQSCD025);
    code("DesignatedMedicalInstitutionFlag", OqsCodeTable.OQSCD026);
    code("MedicalTreatmentFlag", OqsCodeTable.OQSCD028);
  }

  private OqsElements() {}

  private static void code(String name, OqsCodeTable table) {
    FORMATS.put(name, Format.CODE);
    CODES.put(name, table);
  }

  public static Format format(String elementName) {
    return FORMATS.getOrDefault(elementName, Format.TEXT);
  }

  public static Optional<OqsCodeTable> codeTable(String elementName) {
    return Optional.ofNullable(CODES.get(elementName));
  }

  /**
   * Whether {@code child} may repeat under {@code parent} in kind {@code kind} (empty when the kind
   * is not known). QualificationConfirmSearchInfo repeats only in bulk check requests;
   * ReferenceNumber only directly in a BulkConfirmUnit.
   */
  public static boolean repeats(Optional<MessageKind> kind, String parent, String child) {
    if (REPEATABLE.contains(child)) {
      return true;
    }
    if (child.equals("ReferenceNumber")) {
      return parent.equals("BulkConfirmUnit");
    }
    if (child.equals(Parts.SEARCH) && parent.equals("MessageBody")) {
      return kind.map(k -> k == MessageKind.OQS_MUQUC01_REQ).orElse(false);
    }
    return false;
  }
}
