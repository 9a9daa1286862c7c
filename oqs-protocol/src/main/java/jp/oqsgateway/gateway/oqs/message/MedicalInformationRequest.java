package jp.oqsgateway.gateway.oqs.message;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;

/**
 * {@code YZKsiquc01req} (薬剤情報) and {@code TKKsiquc01req} (特定健診情報), OQS-PROTOCOL.md §2.9. Note the
 * element names differ from §2.2 (InsuranceCardSymbol, InsuredPersonIdentificationNumber,
 * BranchNumber, all in the header). StartDate/EndDate are for drug requests only. FileCategory is
 * {@code 1} PDF / {@code 2} XML; PrDiInfClassification is always {@code 1} in the one known client,
 * meaning unknown [U]; both kept as text.
 */
public record MedicalInformationRequest(
    MessageKind kind,
    String medicalInstitutionCode,
    InsurerNumber insurerNumber,
    Optional<String> insuranceCardSymbol,
    String insuredPersonIdentificationNumber,
    Optional<String> branchNumber,
    Optional<String> arbitraryFileIdentifier,
    Optional<YearMonth> startDate,
    Optional<YearMonth> endDate,
    Optional<String> fileCategory,
    Optional<String> prDiInfClassification,
    Optional<Coded<MedicalTreatmentFlag>> medicalTreatmentFlag,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public MedicalInformationRequest {
    OqsMessage.requireKind(kind, MessageKind.YZK_SIQUC01_REQ, MessageKind.TKK_SIQUC01_REQ);
    Objects.requireNonNull(medicalInstitutionCode, "medicalInstitutionCode");
    Objects.requireNonNull(insurerNumber, "insurerNumber");
    Objects.requireNonNull(insuredPersonIdentificationNumber, "insuredPersonIdentificationNumber");
    unknownElements = List.copyOf(unknownElements);
  }
}
