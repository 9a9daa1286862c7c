package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Objects;

/** {@code OQSmuimm02res}: outcome of a bulk 照会番号 registration (OQS-PROTOCOL.md §2.8). */
public record BulkRegistrationResult(
    ResultHeader header, List<BulkRegistrationUnit> units, List<UnknownElement> unknownElements)
    implements OqsMessage {

  public BulkRegistrationResult {
    Objects.requireNonNull(header, "header");
    units = List.copyOf(units);
    unknownElements = List.copyOf(unknownElements);
  }

  @Override
  public MessageKind kind() {
    return MessageKind.OQS_MUIMM02_RES;
  }
}
