package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Optional;

/**
 * The reception result of a bulk upload (…01res of muquc, muhvq, muonq, mutic, muimm;
 * OQS-PROTOCOL.md §2.5, §2.6, §2.8): the ReceptionNumber to download the result with.
 * ReceptionNumber and ReceptionDateTime are kept as text: their formats are not documented [U:
 * §6.8] (samples show 20 digits and YYYYMMDDHHmmss).
 */
public record ReceptionResult(
    MessageKind kind,
    ResultHeader header,
    Optional<String> receptionNumber,
    Optional<String> receptionDateTime,
    ProcessingResult processing,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public ReceptionResult {
    OqsMessage.requireKind(
        kind,
        MessageKind.OQS_MUQUC01_RES,
        MessageKind.OQS_MUHVQ01_RES,
        MessageKind.OQS_MUONQ01_RES,
        MessageKind.OQS_MUTIC01_RES,
        MessageKind.OQS_MUIMM01_RES);
    unknownElements = List.copyOf(unknownElements);
  }
}
