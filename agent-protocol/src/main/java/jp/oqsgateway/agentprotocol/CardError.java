package jp.oqsgateway.agentprotocol;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * {@code reader.card.error}: something staff must see. Never the PIN.
 *
 * @param pinTriesLeft the retry counter when known
 * @param cardEventId the {@code reader.card.inserted} event of the card, when there was one
 */
public record CardError(
    EventHeader header, ErrorKind kind, OptionalInt pinTriesLeft, UUID cardEventId)
    implements AgentEvent {
  public static final String ADDRESS = AgentAddresses.CARD_ERROR;

  public CardError {
    Objects.requireNonNull(header);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(pinTriesLeft);
  }

  @Override
  public String address() {
    return ADDRESS;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = header.toJson().put("kind", kind.name());
    pinTriesLeft.ifPresent(n -> o.put("pinTriesLeft", n));
    if (cardEventId != null) {
      o.put("cardEventId", cardEventId.toString());
    }
    return o;
  }
}
