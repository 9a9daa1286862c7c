package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Objects;

/**
 * The download result of a bulk check or consented retrieval (…02res of muquc, muhvq, muonq, mutic;
 * OQS-PROTOCOL.md §2.5, §2.6). When {@link ResultHeader#isStillProcessing()} the same
 * ReceptionNumber must be asked again later.
 */
public record BulkResult(
    MessageKind kind,
    ResultHeader header,
    List<BulkConfirmUnit> units,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public BulkResult {
    OqsMessage.requireKind(
        kind,
        MessageKind.OQS_MUQUC02_RES,
        MessageKind.OQS_MUHVQ02_RES,
        MessageKind.OQS_MUONQ02_RES,
        MessageKind.OQS_MUTIC02_RES);
    Objects.requireNonNull(header, "header");
    units = List.copyOf(units);
    unknownElements = List.copyOf(unknownElements);
  }
}
