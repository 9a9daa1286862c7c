package jp.oqsgateway.agentprotocol;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** {@code reader.card.removed}: the card left the reader. */
public record CardRemoved(EventHeader header) implements AgentEvent {
  public static final String ADDRESS = AgentAddresses.CARD_REMOVED;

  public CardRemoved {
    Objects.requireNonNull(header);
  }

  @Override
  public String address() {
    return ADDRESS;
  }

  @Override
  public JsonObject toJson() {
    return header.toJson();
  }
}
