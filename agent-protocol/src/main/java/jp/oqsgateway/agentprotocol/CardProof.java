package jp.oqsgateway.agentprotocol;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code reader.card.proof}: the PIN was verified on the card and the card signed the gateway's
 * challenge (RSA PKCS#1 v1.5 over the SHA-256 DigestInfo of the challenge bytes).
 */
public record CardProof(EventHeader header, UUID cardEventId, String challengeId, byte[] signature)
    implements AgentEvent {
  public static final String ADDRESS = AgentAddresses.CARD_PROOF;

  public CardProof {
    Objects.requireNonNull(header);
    Objects.requireNonNull(cardEventId);
    Objects.requireNonNull(challengeId);
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public String address() {
    return ADDRESS;
  }

  @Override
  public JsonObject toJson() {
    return header
        .toJson()
        .put("cardEventId", cardEventId.toString())
        .put("challengeId", challengeId)
        .put("signature", Base64.getEncoder().encodeToString(signature));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CardProof p && p.header.equals(header);
  }

  @Override
  public int hashCode() {
    return header.hashCode();
  }

  @Override
  public String toString() {
    return "CardProof[" + header.eventId() + " " + header.readerId() + " " + challengeId + "]";
  }
}
