package jp.oqsgateway.agent.pcsc;

/**
 * A card powered in a reader: bytes in, bytes out (apdu4j's BIBO). Used only on the thread of the
 * reader that opened it.
 */
public interface CardConnection extends AutoCloseable {
  /** The answer to reset. */
  byte[] atr();

  /**
   * One command APDU in, its response (data ‖ SW1 SW2) out.
   *
   * @throws PcscException when the card or the reader went away or PC/SC failed
   */
  byte[] transmit(byte[] command) throws PcscException;

  /** Disconnects, leaving the card as it is; never throws. */
  @Override
  void close();
}
