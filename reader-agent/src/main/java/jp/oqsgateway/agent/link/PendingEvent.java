package jp.oqsgateway.agent.link;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * An event waiting in the agent's journal for the gateway's acknowledgement.
 *
 * @param address the bridge address it is sent to, e.g. {@code reader.card.inserted}
 * @param body the payload of docs/AGENT-PROTOCOL.md, {@code eventId} included
 */
public record PendingEvent(UUID eventId, String address, JsonObject body) {}
