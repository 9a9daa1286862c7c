package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Optional;

/** {@code OQSsiimm01req}: register one 照会番号 (OQS-PROTOCOL.md §2.8). */
public record ReferenceNumberRegistrationRequest(
    String medicalInstitutionCode,
    Optional<String> arbitraryFileIdentifier,
    ReferenceNumberRegistration registration,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public ReferenceNumberRegistrationRequest {
    unknownElements = List.copyOf(unknownElements);
  }

  @Override
  public MessageKind kind() {
    return MessageKind.OQS_SIIMM01_REQ;
  }
}
