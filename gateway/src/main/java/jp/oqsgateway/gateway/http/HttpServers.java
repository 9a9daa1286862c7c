package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig.HttpServerConfig;

/** Starts the gateway's HTTP servers the same way, and says which setting to change on failure. */
final class HttpServers {
  private HttpServers() {}

  /**
   * @param name the server's configuration prefix ({@code api}, {@code management})
   */
  static Future<HttpServer> listen(
      Vertx vertx, String name, HttpServerConfig config, Router router) {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(router)
        .listen()
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        name
                            + " server cannot listen on "
                            + config.host()
                            + ":"
                            + config.port()
                            + " ("
                            + e.getMessage()
                            + "); change "
                            + name
                            + ".port or stop the program using it",
                        e)));
  }
}
