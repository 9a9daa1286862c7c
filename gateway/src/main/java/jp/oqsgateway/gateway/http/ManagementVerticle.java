package jp.oqsgateway.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import jp.oqsgateway.gateway.health.PublicStatus;
import jp.oqsgateway.gateway.health.Readiness;

/**
 * The management server, on its own port so that probes and scrapes never compete with chart
 * systems and never need API credentials: {@code /health/live}, {@code /health/ready}, {@code
 * /metrics}.
 */
public final class ManagementVerticle extends VerticleBase {
  private final HttpServerConfig config;
  private final Readiness readiness;
  private final PrometheusMeterRegistry registry;
  private final boolean detailed;
  private HttpServer server;

  public ManagementVerticle(
      HttpServerConfig config, Readiness readiness, PrometheusMeterRegistry registry) {
    this.config = config;
    this.readiness = readiness;
    this.registry = registry;
    this.detailed = loopback(config.host());
  }

  /**
   * Reasons and details (folder paths, database error text) only on a loopback-bound port; bound to
   * the LAN, {@code /health/ready} says what the public status says ({@link PublicStatus}).
   */
  static boolean loopback(String host) {
    String h = host.strip();
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false; // a host name is not resolved here: treated as the LAN
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(new RequestLogHandler("management"));
    router.route().handler(new SecurityHeaders());
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router
        .get("/health/ready")
        .handler(
            ctx ->
                readiness
                    .evaluate()
                    .onSuccess(
                        report ->
                            ctx.response()
                                .setStatusCode("UP".equals(report.getString("status")) ? 200 : 503)
                                .putHeader("Content-Type", "application/json")
                                .end(
                                    (detailed ? report : PublicStatus.of(report)).encodePrettily()))
                    .onFailure(ctx::fail));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.route().failureHandler(new FailureHandler());
    return HttpServers.listen(vertx, "management", config, router).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Loads the TLS certificate files again (after renewal); false when serving plain HTTP. */
  public Future<Boolean> reloadCertificate() {
    return HttpServers.reloadCertificate(server, config);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
