package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** {@code OQSsiquc01req}: check one person by insurance-card numbers (REFERENCE §2.2). */
public record SingleCheckRequest(
    LocalDate qualificationConfirmationDate,
    String medicalInstitutionCode,
    Optional<String> arbitraryFileIdentifier,
    QualificationSearch search,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public SingleCheckRequest {
    unknownElements = List.copyOf(unknownElements);
  }

  public SingleCheckRequest(
      LocalDate qualificationConfirmationDate,
      String medicalInstitutionCode,
      Optional<String> arbitraryFileIdentifier,
      QualificationSearch search) {
    this(
        qualificationConfirmationDate,
        medicalInstitutionCode,
        arbitraryFileIdentifier,
        search,
        List.of());
  }

  @Override
  public MessageKind kind() {
    return MessageKind.OQS_SIQUC01_REQ;
  }
}
