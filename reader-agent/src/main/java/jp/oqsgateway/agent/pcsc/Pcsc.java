package jp.oqsgateway.agent.pcsc;

/**
 * The PC/SC service of this PC: the one seam between the agent and the smart-card stack. The real
 * one is {@link JnaPcsc} (pcsc-lite through JNA); tests also run against a simulator that
 * implements this interface.
 */
public interface Pcsc {
  /**
   * A fresh context for the calling thread.
   *
   * @throws PcscException when PC/SC is not available (pcscd not running or restarting)
   */
  PcscContext open() throws PcscException;
}
