package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Optional;

/**
 * {@code OQSsiimm01res}. Only the file name is confirmed; the content modelled here (header status
 * fields, processing result, echoed registration or ReferenceNumber) is what defensive clients
 * expect [I: OQS-PROTOCOL.md §2.8, §6.7], so nothing in the body is required.
 */
public record ReferenceNumberRegistrationResult(
    ResultHeader header,
    ProcessingResult processing,
    Optional<ReferenceNumberRegistration> registration,
    Optional<String> referenceNumber,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public ReferenceNumberRegistrationResult {
    unknownElements = List.copyOf(unknownElements);
  }

  @Override
  public MessageKind kind() {
    return MessageKind.OQS_SIIMM01_RES;
  }
}
