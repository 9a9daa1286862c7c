package jp.oqsgateway.gateway.oqs.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.ConsistencyFlag;
import jp.oqsgateway.gateway.oqs.codes.DesignatedInstitutionMatch;
import jp.oqsgateway.gateway.oqs.codes.ElderlyMedicalCareStatus;
import jp.oqsgateway.gateway.oqs.codes.InfectiousDiseaseStatus;
import jp.oqsgateway.gateway.oqs.codes.InsuredCardClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateChanged;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentType;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import jp.oqsgateway.gateway.oqs.codes.PrefecturalExpenseStatus;
import jp.oqsgateway.gateway.oqs.codes.PreschoolClassification;
import jp.oqsgateway.gateway.oqs.codes.PrescriptionIssueSelect;
import jp.oqsgateway.gateway.oqs.codes.ReasonOfLoss;
import jp.oqsgateway.gateway.oqs.codes.Sex;
import jp.oqsgateway.gateway.oqs.codes.SingleOrCombinedUse;
import jp.oqsgateway.gateway.oqs.codes.SocialInsuranceStatus;
import jp.oqsgateway.gateway.oqs.codes.SpecificDiseaseCategory;
import jp.oqsgateway.gateway.oqs.codes.TicketType;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/** Decoding and encoding of {@code ResultOfQualificationConfirmation} (OQS-PROTOCOL.md §2.4). */
final class Results {
  static final String RESULT = "ResultOfQualificationConfirmation";
  private static final String LIMIT = "LimitApplicationCertificateRelated";
  private static final String DISEASES = "SpecificDiseasesCertificateRelated";
  private static final String HEALTH_CHECK = "SpecificHealthCheckupsInfo";
  private static final String PHARMACISTS = "PharmacistsInfo";
  private static final String DIAGNOSIS = "DiagnosisInfo";
  private static final String OPERATION = "OperationInfo";

  private Results() {}

  static QualificationResult decode(Node n) throws OqsFormatException {
    return new QualificationResult(
        n.requiredCode("InsuredCardClassification", InsuredCardClassification.class),
        n.insurer("InsurerNumber"),
        n.text("InsuredCardSymbol"),
        n.text("InsuredIdentificationNumber"),
        n.text("InsuredBranchNumber"),
        n.code("PersonalFamilyClassification", PersonalFamilyClassification.class),
        n.text("InsuredName"),
        n.requiredText("Name"),
        n.text("NameOfOther"),
        n.text("NameKana"),
        n.text("NameOfOtherKana"),
        n.requiredCode("Sex1", Sex.class),
        n.code("Sex2", Sex.class),
        n.requiredDate("Birthdate"),
        n.text("Address"),
        n.text("PostNumber"),
        n.date("QualificationDate"),
        n.date("DisqualificationDate"),
        n.date("InsuredCertificateIssuanceDate"),
        n.date("InsuredCardValidDate"),
        n.date("InsuredCardExpirationDate"),
        n.ratio("InsuredPartialContributionRatio"),
        n.code("PreschoolClassification", PreschoolClassification.class),
        n.code("ReasonOfLoss", ReasonOfLoss.class),
        n.requiredText("InsurerName"),
        elderly(n),
        Parts.consent(n, LIMIT, LimitConsentFlag.class),
        limit(n),
        n.code("LimitApplicationCertificateChanged", LimitCertificateChanged.class),
        Parts.consent(n, DISEASES, ConsentFlag.class),
        diseases(n),
        tickets(n),
        Parts.consent(n, HEALTH_CHECK, ConsentFlag.class),
        Parts.consent(n, PHARMACISTS, ConsentFlag.class),
        Parts.consent(n, DIAGNOSIS, ConsentFlag.class),
        Parts.consent(n, OPERATION, ConsentFlag.class),
        n.text("ArbitraryIdentifier"),
        n.text("ReferenceNumber"),
        n.text("QualificationConfirmationKey"),
        n.code("PrescriptionIssueSelect", PrescriptionIssueSelect.class));
  }

  static XmlElement encode(QualificationResult r) {
    Out out =
        new Out()
            .code("InsuredCardClassification", r.insuredCardClassification())
            .insurer("InsurerNumber", r.insurerNumber())
            .text("InsuredCardSymbol", r.insuredCardSymbol())
            .text("InsuredIdentificationNumber", r.insuredIdentificationNumber())
            .text("InsuredBranchNumber", r.insuredBranchNumber())
            .code("PersonalFamilyClassification", r.personalFamilyClassification())
            .text("InsuredName", r.insuredName())
            .text("Name", r.name())
            .text("NameOfOther", r.nameOfOther())
            .text("NameKana", r.nameKana())
            .text("NameOfOtherKana", r.nameOfOtherKana())
            .code("Sex1", r.sex1())
            .code("Sex2", r.sex2())
            .date("Birthdate", r.birthdate())
            .text("Address", r.address())
            .text("PostNumber", r.postNumber())
            .date("QualificationDate", r.qualificationDate())
            .date("DisqualificationDate", r.disqualificationDate())
            .date("InsuredCertificateIssuanceDate", r.insuredCertificateIssuanceDate())
            .date("InsuredCardValidDate", r.insuredCardValidDate())
            .date("InsuredCardExpirationDate", r.insuredCardExpirationDate())
            .ratio("InsuredPartialContributionRatio", r.insuredPartialContributionRatio())
            .code("PreschoolClassification", r.preschoolClassification())
            .code("ReasonOfLoss", r.reasonOfLoss())
            .text("InsurerName", r.insurerName())
            .add(r.elderlyRecipientCertificate().map(Results::elderly).orElse(null));
    Parts.consent(out, LIMIT, r.limitApplicationCertificateConsent());
    out.add(r.limitApplicationCertificate().map(Results::limit).orElse(null))
        .code("LimitApplicationCertificateChanged", r.limitApplicationCertificateChanged());
    Parts.consent(out, DISEASES, r.specificDiseasesCertificateConsent());
    if (!r.specificDiseasesCertificates().isEmpty()) {
      List<XmlElement> infos = new ArrayList<>();
      r.specificDiseasesCertificates().forEach(d -> infos.add(disease(d)));
      out.add(XmlElement.of("SpecificDiseasesCertificateList", infos));
    }
    if (!r.medicalTickets().isEmpty()) {
      List<XmlElement> infos = new ArrayList<>();
      r.medicalTickets().forEach(t -> infos.add(ticket(t)));
      out.add(XmlElement.of("PublicExpenseResultList", infos));
    }
    Parts.consent(out, HEALTH_CHECK, r.specificHealthCheckupsInfoConsent());
    Parts.consent(out, PHARMACISTS, r.pharmacistsInfoConsent());
    Parts.consent(out, DIAGNOSIS, r.diagnosisInfoConsent());
    Parts.consent(out, OPERATION, r.operationInfoConsent());
    return out.text("ArbitraryIdentifier", r.arbitraryIdentifier())
        .text("ReferenceNumber", r.referenceNumber())
        .text("QualificationConfirmationKey", r.qualificationConfirmationKey())
        .code("PrescriptionIssueSelect", r.prescriptionIssueSelect())
        .build(RESULT);
  }

  private static Optional<ElderlyRecipientCertificate> elderly(Node n) throws OqsFormatException {
    Optional<Node> c = n.child("ElderlyRecipientCertificateInfo");
    if (c.isEmpty()) {
      return Optional.empty();
    }
    Node e = c.get();
    return Optional.of(
        new ElderlyRecipientCertificate(
            e.date("ElderlyRecipientCertificateDate"),
            e.date("ElderlyRecipientValidStartDate"),
            e.date("ElderlyRecipientValidEndDate"),
            e.ratio("ElderlyRecipientContributionRatio")));
  }

  private static XmlElement elderly(ElderlyRecipientCertificate e) {
    return new Out()
        .date("ElderlyRecipientCertificateDate", e.certificateDate())
        .date("ElderlyRecipientValidStartDate", e.validStartDate())
        .date("ElderlyRecipientValidEndDate", e.validEndDate())
        .ratio("ElderlyRecipientContributionRatio", e.contributionRatio())
        .build("ElderlyRecipientCertificateInfo");
  }

  private static Optional<LimitApplicationCertificate> limit(Node n) throws OqsFormatException {
    Optional<Node> c = n.child("LimitApplicationCertificateRelatedInfo");
    if (c.isEmpty()) {
      return Optional.empty();
    }
    Node l = c.get();
    return Optional.of(
        new LimitApplicationCertificate(
            l.code(
                "LimitApplicationCertificateClassification", LimitCertificateClassification.class),
            l.code("LimitApplicationCertificateClassificationFlag", LimitCertificateCategory.class),
            l.date("LimitApplicationCertificateDate"),
            l.date("LimitApplicationCertificateValidStartDate"),
            l.date("LimitApplicationCertificateValidEndDate"),
            l.date("LimitApplicationCertificateLongTermDate")));
  }

  private static XmlElement limit(LimitApplicationCertificate l) {
    return new Out()
        .code("LimitApplicationCertificateClassification", l.classification())
        .code("LimitApplicationCertificateClassificationFlag", l.classificationFlag())
        .date("LimitApplicationCertificateDate", l.certificateDate())
        .date("LimitApplicationCertificateValidStartDate", l.validStartDate())
        .date("LimitApplicationCertificateValidEndDate", l.validEndDate())
        .date("LimitApplicationCertificateLongTermDate", l.longTermDate())
        .build("LimitApplicationCertificateRelatedInfo");
  }

  private static List<SpecificDiseaseCertificate> diseases(Node n) throws OqsFormatException {
    List<SpecificDiseaseCertificate> out = new ArrayList<>();
    for (Node list : n.group("SpecificDiseasesCertificateList")) {
      for (Node d : list.list("SpecificDiseasesCertificateInfo")) {
        out.add(
            new SpecificDiseaseCertificate(
                d.code("SpecificDiseasesDiseaseCategory", SpecificDiseaseCategory.class),
                d.date("SpecificDiseasesCertificateDate"),
                d.date("SpecificDiseasesValidStartDate"),
                d.date("SpecificDiseasesValidEndDate"),
                d.count("SpecificDiseasesSelfPay")));
      }
    }
    return out;
  }

  private static XmlElement disease(SpecificDiseaseCertificate d) {
    return new Out()
        .code("SpecificDiseasesDiseaseCategory", d.diseaseCategory())
        .date("SpecificDiseasesCertificateDate", d.certificateDate())
        .date("SpecificDiseasesValidStartDate", d.validStartDate())
        .date("SpecificDiseasesValidEndDate", d.validEndDate())
        .count("SpecificDiseasesSelfPay", d.selfPay())
        .build("SpecificDiseasesCertificateInfo");
  }

  private static List<MedicalTicket> tickets(Node n) throws OqsFormatException {
    List<MedicalTicket> out = new ArrayList<>();
    for (Node list : n.group("PublicExpenseResultList")) {
      for (Node t : list.list("MedicalTicketInfo")) {
        out.add(
            new MedicalTicket(
                t.code("TicketType", TicketType.class),
                t.date("MedicalTicketValidDate"),
                t.date("MedicalTicketExpirationDate"),
                t.text("IssueNumber"),
                t.month("MedicalTreatmentMonth"),
                t.text("DesignatedMedicalInstitutionCode"),
                t.code("DesignatedMedicalInstitutionFlag", DesignatedInstitutionMatch.class),
                t.text("DesignatedMedicalInstitutionName"),
                t.text("PrescriptionIssuerMedicalInstitutionCode"),
                t.text("PrescriptionIssuerMedicalInstitutionName"),
                t.text("InjuryName1"),
                t.text("InjuryName2"),
                t.text("InjuryName3"),
                t.code("MedicalTreatmentType", MedicalTreatmentType.class),
                t.text("SelfPayAmount"),
                t.text("DistrictContactName"),
                t.text("HandlingContactName"),
                t.code("SingleOrCombinedUse", SingleOrCombinedUse.class),
                t.code("StatusOfSocialInsurance", SocialInsuranceStatus.class),
                t.code("ConsistencyFlag", ConsistencyFlag.class),
                t.code("StatusOfInfecton", InfectiousDiseaseStatus.class),
                t.code("StatusOfElderlyMedicalCare", ElderlyMedicalCareStatus.class),
                t.code("StatusOfPrefecturalExpenses", PrefecturalExpenseStatus.class),
                t.text("Remarks1"),
                t.text("Remarks2"),
                t.text("Remarks3")));
      }
    }
    return out;
  }

  private static XmlElement ticket(MedicalTicket t) {
    return new Out()
        .code("TicketType", t.ticketType())
        .date("MedicalTicketValidDate", t.validDate())
        .date("MedicalTicketExpirationDate", t.expirationDate())
        .text("IssueNumber", t.issueNumber())
        .month("MedicalTreatmentMonth", t.medicalTreatmentMonth())
        .text("DesignatedMedicalInstitutionCode", t.designatedMedicalInstitutionCode())
        .code("DesignatedMedicalInstitutionFlag", t.designatedMedicalInstitutionFlag())
        .text("DesignatedMedicalInstitutionName", t.designatedMedicalInstitutionName())
        .text(
            "PrescriptionIssuerMedicalInstitutionCode",
            t.prescriptionIssuerMedicalInstitutionCode())
        .text(
            "PrescriptionIssuerMedicalInstitutionName",
            t.prescriptionIssuerMedicalInstitutionName())
        .text("InjuryName1", t.injuryName1())
        .text("InjuryName2", t.injuryName2())
        .text("InjuryName3", t.injuryName3())
        .code("MedicalTreatmentType", t.medicalTreatmentType())
        .text("SelfPayAmount", t.selfPayAmount())
        .text("DistrictContactName", t.districtContactName())
        .text("HandlingContactName", t.handlingContactName())
        .code("SingleOrCombinedUse", t.singleOrCombinedUse())
        .code("StatusOfSocialInsurance", t.statusOfSocialInsurance())
        .code("ConsistencyFlag", t.consistencyFlag())
        .code("StatusOfInfecton", t.statusOfInfection())
        .code("StatusOfElderlyMedicalCare", t.statusOfElderlyMedicalCare())
        .code("StatusOfPrefecturalExpenses", t.statusOfPrefecturalExpenses())
        .text("Remarks1", t.remarks1())
        .text("Remarks2", t.remarks2())
        .text("Remarks3", t.remarks3())
        .build("MedicalTicketInfo");
  }
}
