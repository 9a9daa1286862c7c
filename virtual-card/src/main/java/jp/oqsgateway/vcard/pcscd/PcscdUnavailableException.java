package jp.oqsgateway.vcard.pcscd;

/** pcscd cannot be started or reused here; the message says why and what to do. */
public final class PcscdUnavailableException extends Exception {
  public PcscdUnavailableException(String message) {
    super(message);
  }
}
