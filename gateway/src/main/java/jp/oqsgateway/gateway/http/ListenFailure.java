package jp.oqsgateway.gateway.http;

import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig.HttpServerConfig;

/** A server that cannot bind, said so that an operator knows which setting to change. */
final class ListenFailure {
  private ListenFailure() {}

  static IllegalStateException of(String server, HttpServerConfig config, Throwable cause) {
    return new IllegalStateException(
        server
            + " server cannot listen on "
            + config.host()
            + ":"
            + config.port()
            + " ("
            + cause.getMessage()
            + "); change "
            + server
            + ".port or stop the program using it",
        cause);
  }
}
