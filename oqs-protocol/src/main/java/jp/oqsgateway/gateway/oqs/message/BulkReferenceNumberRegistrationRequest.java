package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Optional;

/** {@code OQSmuimm01req}: register many 照会番号 at once (OQS-PROTOCOL.md §2.8). */
public record BulkReferenceNumberRegistrationRequest(
    String medicalInstitutionCode,
    Optional<String> arbitraryFileIdentifier,
    List<ReferenceNumberRegistration> registrations,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public BulkReferenceNumberRegistrationRequest {
    registrations = List.copyOf(registrations);
    unknownElements = List.copyOf(unknownElements);
  }

  @Override
  public MessageKind kind() {
    return MessageKind.OQS_MUIMM01_REQ;
  }
}
