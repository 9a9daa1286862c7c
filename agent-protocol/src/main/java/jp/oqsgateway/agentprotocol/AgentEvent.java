package jp.oqsgateway.agentprotocol;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One event the agent reports to the gateway (docs/AGENT-PROTOCOL.md). Immutable plain data; the
 * {@link #eventId()} is generated when the event happens, so a resend after a reconnect is
 * recognised as the same event. Never carries the PIN.
 */
public sealed interface AgentEvent
    permits CardInserted, CardRemoved, ReaderStatus, CardError, CardProof {

  /** The event-bus address the event is sent to, e.g. {@code reader.card.inserted}. */
  String address();

  EventHeader header();

  default UUID eventId() {
    return header().eventId();
  }

  default String agentId() {
    return header().agentId();
  }

  default String readerId() {
    return header().readerId();
  }

  default String deskId() {
    return header().deskId();
  }

  default Instant occurredAt() {
    return header().occurredAt();
  }

  /** The message body: the common fields of {@link EventHeader} plus this event's own. */
  JsonObject toJson();

  /** Reads back an event this side wrote (the agent's journal); {@link EventCodec#read}. */
  static AgentEvent fromJson(String address, JsonObject body) {
    return EventCodec.read(address, body);
  }
}
