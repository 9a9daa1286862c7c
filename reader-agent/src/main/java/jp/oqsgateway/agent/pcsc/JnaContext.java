package jp.oqsgateway.agent.pcsc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import jnasmartcardio.Smartcardio;

/** One jnasmartcardio {@link CardTerminals}, i.e. one PC/SC context. */
final class JnaContext implements PcscContext {
  private final CardTerminals terminals;
  private final Map<String, CardTerminal> byName = new HashMap<>();

  JnaContext(CardTerminals terminals) {
    this.terminals = terminals;
  }

  @Override
  public List<String> readers() throws PcscException {
    try {
      List<String> names = new ArrayList<>();
      for (CardTerminal t : terminals.list()) {
        names.add(t.getName());
      }
      return names;
    } catch (CardException | RuntimeException e) {
      throw new PcscException("listing readers: " + describe(e), e);
    }
  }

  @Override
  public boolean waitForCard(String reader, boolean present, Duration timeout)
      throws PcscException {
    long ms = Math.max(1, timeout.toMillis());
    try {
      CardTerminal t = terminal(reader);
      if (timeout.isZero()) {
        return t.isCardPresent() == present;
      }
      return present ? t.waitForCardPresent(ms) : t.waitForCardAbsent(ms);
    } catch (CardException | RuntimeException e) {
      byName.remove(reader);
      throw new PcscException("waiting on a reader: " + describe(e), e);
    }
  }

  @Override
  public CardConnection connect(String reader) throws PcscException {
    try {
      Card card = terminal(reader).connect("*");
      return new JnaCardConnection(card);
    } catch (CardException | RuntimeException e) {
      throw new PcscException("connecting to the card: " + describe(e), e);
    }
  }

  private CardTerminal terminal(String reader) throws PcscException {
    CardTerminal t = byName.get(reader);
    if (t == null) {
      t = terminals.getTerminal(reader);
      if (t == null) {
        throw new PcscException("no such reader");
      }
      byName.put(reader, t);
    }
    return t;
  }

  @Override
  public void close() {
    if (terminals instanceof Smartcardio.JnaCardTerminals jna) {
      try {
        jna.close();
      } catch (CardException | RuntimeException e) {
        // the context is gone with pcscd: nothing to release
      }
    }
  }

  /** The PC/SC error of an exception chain, e.g. {@code SCARD_E_NO_SERVICE}; no card data. */
  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t.getMessage() != null) {
        if (b.length() > 0) {
          b.append(": ");
        }
        b.append(t.getMessage());
      }
      if (t.getCause() == null) {
        break;
      }
    }
    return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
  }
}
