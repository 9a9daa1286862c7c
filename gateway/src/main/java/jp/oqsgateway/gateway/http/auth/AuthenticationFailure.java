package jp.oqsgateway.gateway.http.auth;

/**
 * A token was refused. The message names the rule it broke ("token expired") and never contains the
 * token or any claim value, so it can be shown to the caller and logged.
 */
public final class AuthenticationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final String MISSING = "bearer token required (Authorization: Bearer <token>)";
  static final String MALFORMED = "token is not a well-formed JWT";
  static final String ALGORITHM = "token algorithm not accepted";
  static final String UNKNOWN_KEY = "token signed by a key the gateway does not trust";
  static final String SIGNATURE = "token signature not valid";
  static final String ISSUER = "token issuer not accepted";
  static final String AUDIENCE = "token audience not accepted";
  static final String EXPIRED = "token expired";
  static final String NO_EXPIRY = "token has no expiry (exp)";
  static final String NO_SUBJECT = "token has no subject (sub)";
  static final String NO_ISSUED_AT = "token has no issue time (iat)";
  static final String NO_ID = "token has no id (jti)";
  static final String LIFETIME = "token lifetime (exp - iat) exceeds the maximum of its roles";
  static final String DESKS = "token desks claim is not a list of desk ids";
  static final String REVOKED = "token revoked";
  static final String REVOCATION_UNAVAILABLE = "token revocation could not be checked; try again";

  AuthenticationFailure(String rule) {
    super(rule, null, false, false);
  }

  /** The gateway, not the token, is at fault: the caller should try again, not fix its token. */
  boolean isUnavailable() {
    return REVOCATION_UNAVAILABLE.equals(getMessage());
  }
}
