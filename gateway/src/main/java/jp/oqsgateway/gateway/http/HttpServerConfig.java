package jp.oqsgateway.gateway.http;

import java.util.Optional;
import jp.oqsgateway.gateway.tls.GatewayCa.ServerKeyCert;

/**
 * An HTTP server's address and transport.
 *
 * @param tls the certificate and key it serves HTTPS with; empty: plain HTTP
 * @param allowPlaintextOnLan plain HTTP on a non-loopback host was explicitly allowed
 */
public record HttpServerConfig(
    String host, int port, Optional<ServerKeyCert> tls, boolean allowPlaintextOnLan) {
  /** Plain HTTP on {@code host} (tests, tools). */
  public HttpServerConfig(String host, int port) {
    this(host, port, Optional.empty(), false);
  }
}
