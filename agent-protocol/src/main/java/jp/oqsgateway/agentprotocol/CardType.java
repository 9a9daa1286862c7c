package jp.oqsgateway.agentprotocol;

import java.util.Locale;

/** What {@code reader.card.inserted} says about the card: {@code mynumber} or {@code other}. */
public enum CardType {
  MYNUMBER,
  OTHER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CardType fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
