package jp.oqsgateway.agentprotocol;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * {@code reader.card.inserted}: a card was inserted and identified by selecting the JPKI AP.
 *
 * @param certificate DER of the 利用者証明用電子証明書 for a My Number card, else null
 * @param atr the answer to reset, empty when the card could not be powered
 */
public record CardInserted(EventHeader header, CardType cardType, byte[] certificate, byte[] atr)
    implements AgentEvent {
  public static final String ADDRESS = AgentAddresses.CARD_INSERTED;

  public CardInserted {
    Objects.requireNonNull(header);
    Objects.requireNonNull(cardType);
    atr = atr == null ? new byte[0] : atr.clone();
    certificate = certificate == null ? null : certificate.clone();
    if ((cardType == CardType.MYNUMBER) != (certificate != null)) {
      throw new IllegalArgumentException(
          "a certificate comes with a My Number card, and only then");
    }
  }

  @Override
  public byte[] certificate() {
    return certificate == null ? null : certificate.clone();
  }

  @Override
  public byte[] atr() {
    return atr.clone();
  }

  @Override
  public String address() {
    return ADDRESS;
  }

  @Override
  public JsonObject toJson() {
    JsonObject o = header.toJson().put("cardType", cardType.wire());
    if (certificate != null) {
      o.put("certificate", Base64.getEncoder().encodeToString(certificate));
    }
    return o.put("atr", HexFormat.of().withUpperCase().formatHex(atr));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CardInserted c && c.header.equals(header);
  }

  @Override
  public int hashCode() {
    return header.hashCode();
  }

  @Override
  public String toString() {
    return "CardInserted[" + header.eventId() + " " + header.readerId() + " " + cardType + "]";
  }
}
