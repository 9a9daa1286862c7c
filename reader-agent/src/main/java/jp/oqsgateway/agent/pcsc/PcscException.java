package jp.oqsgateway.agent.pcsc;

/** A PC/SC call failed. The message names the PC/SC error, never card data. */
public final class PcscException extends Exception {
  private static final long serialVersionUID = 1L;

  public PcscException(String message) {
    super(message);
  }

  public PcscException(String message, Throwable cause) {
    super(message, cause);
  }
}
