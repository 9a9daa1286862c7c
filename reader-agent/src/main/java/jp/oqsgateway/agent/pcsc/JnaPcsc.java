package jp.oqsgateway.agent.pcsc;

import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;

/**
 * PC/SC through {@code jnasmartcardio} (JNA to libpcsclite). Unlike the JDK's SunPCSC provider,
 * which keeps one static PC/SC context and fails with {@code SCARD_E_NO_SERVICE} for the rest of
 * the JVM once pcscd restarts (docs/PCSC.md §4), every {@link #open()} here establishes a new
 * context, so the agent recovers as soon as pcscd is back.
 */
public final class JnaPcsc implements Pcsc {
  private final TerminalFactory factory;

  private JnaPcsc(TerminalFactory factory) {
    this.factory = factory;
  }

  /**
   * @throws PcscException when the PC/SC library cannot be loaded (libpcsclite.so.1 missing)
   */
  public static JnaPcsc create() throws PcscException {
    try {
      return new JnaPcsc(TerminalFactory.getInstance("PC/SC", null, new Smartcardio()));
    } catch (java.security.GeneralSecurityException | RuntimeException | LinkageError e) {
      throw new PcscException("PC/SC library not available: " + e, e);
    }
  }

  @Override
  public PcscContext open() throws PcscException {
    CardTerminals terminals;
    try {
      terminals = factory.terminals();
    } catch (RuntimeException e) {
      // jnasmartcardio's EstablishContextException: pcscd is not there (yet)
      throw new PcscException("PC/SC unavailable: " + JnaContext.describe(e), e);
    }
    return new JnaContext(terminals);
  }
}
