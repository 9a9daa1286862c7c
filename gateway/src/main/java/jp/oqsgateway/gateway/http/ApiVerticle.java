package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig.HttpServerConfig;
import jp.oqsgateway.gateway.health.Readiness;

/**
 * The API server: the versioned REST API for chart systems and the static web UI for staff.
 * Deployed means listening; stopping lets in-flight requests finish up to the drain timeout.
 */
public final class ApiVerticle extends VerticleBase {
  /** Classpath folder of the web-ui module's static files. */
  static final String WEB_ROOT = "webui";

  private final HttpServerConfig config;
  private final int maxBodyBytes;
  private final Readiness readiness;
  private final String version;
  private final Duration drainTimeout;
  private HttpServer server;

  public ApiVerticle(
      HttpServerConfig config,
      int maxBodyBytes,
      Readiness readiness,
      String version,
      Duration drainTimeout) {
    this.config = config;
    this.maxBodyBytes = maxBodyBytes;
    this.readiness = readiness;
    this.version = version;
    this.drainTimeout = drainTimeout;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(new RequestLogHandler("api"));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.get("/api/v1/system/status").handler(new SystemStatusHandler(readiness, version));
    router
        .route("/api/*")
        .handler(
            ctx ->
                Problems.send(
                    ctx,
                    Problems.of(
                        404,
                        "not-found",
                        "Not found",
                        "no API operation at this path and method",
                        null)));
    router.route("/*").handler(StaticHandler.create(WEB_ROOT).setIndexPage("index.html"));
    router.route().failureHandler(new FailureHandler());

    return HttpServers.listen(vertx, "api", config, router).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
