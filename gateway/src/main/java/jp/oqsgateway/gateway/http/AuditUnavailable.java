package jp.oqsgateway.gateway.http;

/**
 * A read of patient data could not be recorded in the audit, so its data is not served: answered
 * 503 by {@link FailureHandler} (the gateway's failure; the caller may try again).
 */
final class AuditUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  AuditUnavailable(Throwable cause) {
    super("the read could not be recorded in the audit", cause);
  }
}
