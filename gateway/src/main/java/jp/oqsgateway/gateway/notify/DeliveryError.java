package jp.oqsgateway.gateway.notify;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Why a webhook attempt failed, as the delivery log shows it ({@code lastError}): a small fixed set
 * of classes. Socket and exception texts name addresses, ports and internal details of this machine
 * and its LAN, which a subscriber must not learn (they would turn webhooks into a port scanner), so
 * they never leave the gateway.
 */
public enum DeliveryError {
  /** The receiver answered with a status other than 2xx ({@code lastStatusCode} says which). */
  HTTP_STATUS,
  /** The attempt did not end within {@code webhooks.timeout} (connect, TLS and answer together). */
  TIMEOUT,
  /** Nothing listened on the port. */
  CONNECTION_REFUSED,
  /** The connection failed or was closed before an answer (reset, unreachable, closed early). */
  CONNECTION_FAILED,
  /** The host name did not resolve. */
  DNS,
  /** The TLS handshake failed (untrusted or mismatching certificate, protocol). */
  TLS,
  /** The URL breaks the rules on webhook targets (an address on this machine or the LAN, http). */
  REFUSED_BY_POLICY,
  /** The gateway could not sign the request (its webhook secret key does not open the secret). */
  INTERNAL;

  /** The class as the API shows it, e.g. {@code connection-refused}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The class of a failed attempt, from its exception and the exceptions that caused it. */
  public static DeliveryError of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TargetPolicy.Refused) {
        return REFUSED_BY_POLICY;
      }
      if (t instanceof TimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return TIMEOUT;
      }
      if (t instanceof UnknownHostException) {
        return DNS;
      }
      if (t instanceof SSLException
          || t instanceof java.security.cert.CertificateException
          || t instanceof javax.net.ssl.SSLHandshakeException) {
        return TLS;
      }
      if (t instanceof NoRouteToHostException) {
        return CONNECTION_FAILED;
      }
      if (t instanceof ConnectException) {
        return CONNECTION_REFUSED;
      }
      if (t instanceof SecretUnreadable) {
        return INTERNAL;
      }
    }
    return CONNECTION_FAILED;
  }

  /** Thrown when a stored secret cannot be decrypted with the key in force. */
  static final class SecretUnreadable extends RuntimeException {
    SecretUnreadable() {
      super("the webhook secret cannot be decrypted", null, false, false);
    }
  }
}
