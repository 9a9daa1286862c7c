package jp.oqsgateway.agent.pcsc;

import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;

/** A connected javax.smartcardio {@link Card}, used on its reader's thread only. */
final class JnaCardConnection implements CardConnection {
  private final Card card;

  JnaCardConnection(Card card) {
    this.card = card;
  }

  @Override
  public byte[] atr() {
    return card.getATR().getBytes();
  }

  @Override
  public byte[] transmit(byte[] command) throws PcscException {
    try {
      return card.getBasicChannel().transmit(new CommandAPDU(command)).getBytes();
    } catch (CardException | RuntimeException e) {
      throw new PcscException("transmit: " + JnaContext.describe(e), e);
    }
  }

  @Override
  public void close() {
    try {
      card.disconnect(false);
    } catch (CardException | RuntimeException e) {
      // already gone with the card or pcscd
    }
  }
}
