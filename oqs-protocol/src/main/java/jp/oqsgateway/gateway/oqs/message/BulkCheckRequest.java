package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** {@code OQSmuquc01req}: bulk card-number check upload (OQS-PROTOCOL.md §2.5). */
public record BulkCheckRequest(
    LocalDate qualificationConfirmationDate,
    String medicalInstitutionCode,
    Optional<String> arbitraryFileIdentifier,
    List<QualificationSearch> searches,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public BulkCheckRequest {
    searches = List.copyOf(searches);
    unknownElements = List.copyOf(unknownElements);
  }

  @Override
  public MessageKind kind() {
    return MessageKind.OQS_MUQUC01_REQ;
  }
}
