package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import jp.oqsgateway.gateway.tls.GatewayCa;

/**
 * Starts the gateway's HTTP servers the same way: HTTPS with HSTS when the server has a
 * certificate, plain HTTP otherwise, and one line naming the setting to change on failure.
 */
final class HttpServers {
  static final String HSTS = "Strict-Transport-Security";
  static final String HSTS_VALUE = "max-age=31536000";

  private HttpServers() {}

  /**
   * Makes {@code server} load its certificate files again, for its next connections.
   *
   * @return false when it serves plain HTTP
   */
  static Future<Boolean> reloadCertificate(HttpServer server, HttpServerConfig config) {
    if (config.tls().isEmpty()) {
      return Future.succeededFuture(false);
    }
    return server.updateSSLOptions(
        new ServerSSLOptions().setKeyCertOptions(keyCert(config.tls().get())), true);
  }

  private static PemKeyCertOptions keyCert(GatewayCa.ServerKeyCert tls) {
    return new PemKeyCertOptions()
        .setCertPath(tls.certificate().toString())
        .setKeyPath(tls.key().toString());
  }

  /**
   * @param name the server's configuration prefix ({@code api}, {@code management})
   */
  static Future<HttpServer> listen(
      Vertx vertx, String name, HttpServerConfig config, Router router) {
    // HTTP/1.1 only, plain as over TLS (no ALPN offered there): a client's h2c upgrade (the JDK's
    // HttpClient asks for one by default) is declined and answered over HTTP/1.1. Accepting it made
    // such a client read a large answer as HTTP/2 frames now and then (a protocol error).
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setHttp2ClearTextEnabled(false);
    Handler<HttpServerRequest> handler = router;
    if (config.tls().isPresent()) {
      options.setSsl(true).setKeyCertOptions(keyCert(config.tls().get()));
      // Only over TLS: a browser that saw it once refuses plain HTTP to this host for a year.
      handler =
          request -> {
            request.response().putHeader(HSTS, HSTS_VALUE);
            router.handle(request);
          };
    }
    return vertx
        .createHttpServer(options)
        .requestHandler(handler)
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
