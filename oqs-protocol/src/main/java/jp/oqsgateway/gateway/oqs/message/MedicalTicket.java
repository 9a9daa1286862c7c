package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.ConsistencyFlag;
import jp.oqsgateway.gateway.oqs.codes.DesignatedInstitutionMatch;
import jp.oqsgateway.gateway.oqs.codes.ElderlyMedicalCareStatus;
import jp.oqsgateway.gateway.oqs.codes.InfectiousDiseaseStatus;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentType;
import jp.oqsgateway.gateway.oqs.codes.PrefecturalExpenseStatus;
import jp.oqsgateway.gateway.oqs.codes.SingleOrCombinedUse;
import jp.oqsgateway.gateway.oqs.codes.SocialInsuranceStatus;
import jp.oqsgateway.gateway.oqs.codes.TicketType;

/**
 * {@code PublicExpenseResultList/MedicalTicketInfo} 医療券・調剤券情報 of 医療扶助 (OQS-PROTOCOL.md §2.4, from
 * one source [S7, S8, S16]). The element {@code StatusOfInfecton} is misspelt in the source and
 * kept so. SelfPayAmount is kept as text: its format is not documented [U].
 */
public record MedicalTicket(
    Optional<Coded<TicketType>> ticketType,
    Optional<LocalDate> validDate,
    Optional<LocalDate> expirationDate,
    Optional<String> issueNumber,
    Optional<YearMonth> medicalTreatmentMonth,
    Optional<String> designatedMedicalInstitutionCode,
    Optional<Coded<DesignatedInstitutionMatch>> designatedMedicalInstitutionFlag,
    Optional<String> designatedMedicalInstitutionName,
    Optional<String> prescriptionIssuerMedicalInstitutionCode,
    Optional<String> prescriptionIssuerMedicalInstitutionName,
    Optional<String> injuryName1,
    Optional<String> injuryName2,
    Optional<String> injuryName3,
    Optional<Coded<MedicalTreatmentType>> medicalTreatmentType,
    Optional<String> selfPayAmount,
    Optional<String> districtContactName,
    Optional<String> handlingContactName,
    Optional<Coded<SingleOrCombinedUse>> singleOrCombinedUse,
    Optional<Coded<SocialInsuranceStatus>> statusOfSocialInsurance,
    Optional<Coded<ConsistencyFlag>> consistencyFlag,
    Optional<Coded<InfectiousDiseaseStatus>> statusOfInfection,
    Optional<Coded<ElderlyMedicalCareStatus>> statusOfElderlyMedicalCare,
    Optional<Coded<PrefecturalExpenseStatus>> statusOfPrefecturalExpenses,
    Optional<String> remarks1,
    Optional<String> remarks2,
    Optional<String> remarks3) {}
