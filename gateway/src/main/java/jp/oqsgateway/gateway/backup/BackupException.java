package jp.oqsgateway.gateway.backup;

/** A backup or restore that cannot go on; the message names the problem for the operator. */
public final class BackupException extends RuntimeException {
  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
