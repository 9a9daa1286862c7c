package jp.oqsgateway.vcard;

/**
 * A contact card as a reader sees it: bytes in, bytes out (apdu4j's BIBO), plus the power events
 * that a reader sends. Implementations keep no state across {@link #powerOff()} or {@link
 * #reset()}, like a real card, and are thread-safe.
 */
public interface SmartCard {
  /** The answer to reset sent when the reader asks for it. */
  byte[] atr();

  void powerOn();

  void powerOff();

  void reset();

  /** One short command APDU in, one response APDU (data ‖ SW1 SW2) out. Never null. */
  byte[] transmit(byte[] command);
}
