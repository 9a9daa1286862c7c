package jp.oqsgateway.gateway.bootstrap.pg;

/**
 * Raised when the embedded PostgreSQL server cannot be prepared, started or stopped.
 *
 * <p>Unchecked because the gateway cannot do anything useful without its database: the caller logs
 * the message and exits. The message therefore says what failed and what the operator can do about
 * it, and never contains the database password.
 */
public final class EmbeddedPgException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmbeddedPgException(String message) {
    super(message);
  }

  public EmbeddedPgException(String message, Throwable cause) {
    super(message, cause);
  }
}
