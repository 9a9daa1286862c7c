package jp.oqsgateway.agent.jpki;

import jp.oqsgateway.agentprotocol.ErrorKind;

/** The card answered, but not as a readable My Number card should; the kind is for staff. */
public final class JpkiException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ErrorKind kind;

  public JpkiException(ErrorKind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }
}
