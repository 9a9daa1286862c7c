package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.InsuredCardClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateChanged;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import jp.oqsgateway.gateway.oqs.codes.PreschoolClassification;
import jp.oqsgateway.gateway.oqs.codes.PrescriptionIssueSelect;
import jp.oqsgateway.gateway.oqs.codes.ReasonOfLoss;
import jp.oqsgateway.gateway.oqs.codes.Sex;

/**
 * {@code ResultOfQualificationConfirmation}: one qualification of one person, every element of
 * OQS-PROTOCOL.md §2.4. Required (S1): InsuredCardClassification, Name, Sex1, Birthdate,
 * InsurerName. Notes:
 *
 * <ul>
 *   <li>{@code name} may contain {@code ●} for characters OQS could not represent (§4.2 [I]):
 *       compare with a wildcard, never overwrite master data with it.
 *   <li>{@code insuredName} is the insured person / head of household, not the patient.
 *   <li>Ratios are percentages ({@code 020} → 20).
 *   <li>{@code prescriptionIssueSelect} is read here when a file places it inside the result (S15);
 *       usually it is in MessageBody (S1, S16) [I].
 *   <li>{@code qualificationConfirmationKey}: meaning unknown [U]; kept as text.
 *   <li>For 医療扶助 the insurer/number slots hold 公費負担者番号/受給者番号 [U: §6.9].
 * </ul>
 */
public record QualificationResult(
    Coded<InsuredCardClassification> insuredCardClassification,
    Optional<InsurerNumber> insurerNumber,
    Optional<String> insuredCardSymbol,
    Optional<String> insuredIdentificationNumber,
    Optional<String> insuredBranchNumber,
    Optional<Coded<PersonalFamilyClassification>> personalFamilyClassification,
    Optional<String> insuredName,
    String name,
    Optional<String> nameOfOther,
    Optional<String> nameKana,
    Optional<String> nameOfOtherKana,
    Coded<Sex> sex1,
    Optional<Coded<Sex>> sex2,
    LocalDate birthdate,
    Optional<String> address,
    Optional<String> postNumber,
    Optional<LocalDate> qualificationDate,
    Optional<LocalDate> disqualificationDate,
    Optional<LocalDate> insuredCertificateIssuanceDate,
    Optional<LocalDate> insuredCardValidDate,
    Optional<LocalDate> insuredCardExpirationDate,
    Optional<Integer> insuredPartialContributionRatio,
    Optional<Coded<PreschoolClassification>> preschoolClassification,
    Optional<Coded<ReasonOfLoss>> reasonOfLoss,
    String insurerName,
    Optional<ElderlyRecipientCertificate> elderlyRecipientCertificate,
    Optional<Consent<LimitConsentFlag>> limitApplicationCertificateConsent,
    Optional<LimitApplicationCertificate> limitApplicationCertificate,
    Optional<Coded<LimitCertificateChanged>> limitApplicationCertificateChanged,
    Optional<Consent<ConsentFlag>> specificDiseasesCertificateConsent,
    List<SpecificDiseaseCertificate> specificDiseasesCertificates,
    List<MedicalTicket> medicalTickets,
    Optional<Consent<ConsentFlag>> specificHealthCheckupsInfoConsent,
    Optional<Consent<ConsentFlag>> pharmacistsInfoConsent,
    Optional<Consent<ConsentFlag>> diagnosisInfoConsent,
    Optional<Consent<ConsentFlag>> operationInfoConsent,
    Optional<String> arbitraryIdentifier,
    Optional<String> referenceNumber,
    Optional<String> qualificationConfirmationKey,
    Optional<Coded<PrescriptionIssueSelect>> prescriptionIssueSelect) {

  public QualificationResult {
    Objects.requireNonNull(insuredCardClassification, "insuredCardClassification");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sex1, "sex1");
    Objects.requireNonNull(birthdate, "birthdate");
    Objects.requireNonNull(insurerName, "insurerName");
    specificDiseasesCertificates = List.copyOf(specificDiseasesCertificates);
    medicalTickets = List.copyOf(medicalTickets);
  }

  /** True for 医療扶助 (InsuredCardClassification A1). */
  public boolean isMedicalAid() {
    return insuredCardClassification.is(InsuredCardClassification.MEDICAL_AID);
  }
}
