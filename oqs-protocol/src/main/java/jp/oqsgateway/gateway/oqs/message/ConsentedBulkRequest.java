package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;

/**
 * Upload request of the consented-patient retrievals (OQS-PROTOCOL.md §2.6): {@code OQSmuhvq01req}
 * (訪問診療等: consent dates, flag 2), {@code OQSmuonq01req} (オンライン診療等: consent dates or examination
 * dates, flag 3), {@code OQSmutic01req} (医療扶助: treatment month). The search fields sit inside
 * {@code MessageBody/QualificationConfirmSearchInfo}.
 */
public record ConsentedBulkRequest(
    MessageKind kind,
    String medicalInstitutionCode,
    Optional<String> arbitraryFileIdentifier,
    Optional<LocalDate> consentDateFrom,
    Optional<LocalDate> consentDateTo,
    Optional<LocalDate> examinationDateFrom,
    Optional<LocalDate> examinationDateTo,
    Optional<YearMonth> medicalTreatmentMonth,
    Optional<Coded<MedicalTreatmentFlag>> medicalTreatmentFlag,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public ConsentedBulkRequest {
    OqsMessage.requireKind(
        kind,
        MessageKind.OQS_MUHVQ01_REQ,
        MessageKind.OQS_MUONQ01_REQ,
        MessageKind.OQS_MUTIC01_REQ);
    Objects.requireNonNull(medicalInstitutionCode, "medicalInstitutionCode");
    unknownElements = List.copyOf(unknownElements);
  }
}
