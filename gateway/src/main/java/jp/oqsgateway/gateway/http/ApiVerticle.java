package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.auth.ClientLimits;

/**
 * The API server: the versioned REST API, routed and validated from the OpenAPI document (so the
 * document and the behaviour cannot drift), the document itself at {@code /openapi.yaml}, the
 * AsyncAPI document of the events it pushes at {@code /asyncapi.yaml}, and the static web UI for
 * staff. Deployed means listening; stopping lets in-flight requests finish up to the drain timeout.
 */
public final class ApiVerticle extends VerticleBase {
  /** Classpath folder of the web-ui module's static files. */
  static final String WEB_ROOT = "webui";

  /** Classpath location of the API contract. */
  public static final String CONTRACT = "openapi/oqs-gateway.yaml";

  /** Classpath location of the events' contract (WebSocket, SSE and webhooks). */
  public static final String EVENTS_CONTRACT = "asyncapi/oqs-gateway-events.yaml";

  private final HttpServerConfig config;
  private final int maxBodyBytes;
  private final Duration drainTimeout;
  private final List<ApiOperations> operations;
  private final ApiAuth auth;
  private final ClientLimits limits;
  private final Future<ApiContract> contract;
  private HttpServer server;

  public ApiVerticle(
      HttpServerConfig config,
      int maxBodyBytes,
      Duration drainTimeout,
      ApiAuth auth,
      ClientLimits limits,
      List<ApiOperations> operations,
      Future<ApiContract> contract) {
    this.auth = auth;
    this.contract = contract;
    this.limits = limits;
    this.config = config;
    this.maxBodyBytes = maxBodyBytes;
    this.drainTimeout = drainTimeout;
    this.operations = List.copyOf(operations);
  }

  /**
   * Listens once the contract ({@link ApiContract#validate}, started before this verticle) is
   * valid; everything from then on runs on this verticle's own context.
   */
  @Override
  public Future<?> start() {
    return Future.fromCompletionStage(contract.toCompletionStage(), context)
        .compose(
            loaded ->
                vertx
                    .fileSystem()
                    .readFile(EVENTS_CONTRACT)
                    .compose(
                        events -> HttpServers.listen(vertx, "api", config, router(loaded, events))))
        .onSuccess(s -> server = s);
  }

  private Router router(ApiContract loaded, Buffer events) {
    Buffer document = loaded.document();
    RouterBuilder builder =
        RouterBuilder.create(vertx, loaded.contract(), RequestExtractor.withBodyHandler());
    GuardedOperations.install(vertx, builder, loaded, auth, limits, maxBodyBytes);
    operations.forEach(o -> o.register(builder));
    GuardedOperations.requireHandlers(builder);

    Router root = Router.router(vertx);
    root.route().handler(new RequestLogHandler("api"));
    root.route().handler(new SecurityHeaders());
    root.route().handler(new PathSpelling());
    root.get("/openapi.yaml")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(document));
    root.get("/asyncapi.yaml")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(events));
    root.route("/*").subRouter(builder.createRouter());
    root.route("/api/*")
        .handler(
            ctx ->
                Problems.send(
                    ctx, Problems.notFound("no API operation at this path and method", null)));
    root.route("/*")
        .handler(
            StaticHandler.create(WEB_ROOT).setIndexPage("index.html").setCachingEnabled(false));
    root.route().failureHandler(new FailureHandler());
    return root;
  }

  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Loads the TLS certificate files again (after renewal); false when serving plain HTTP. */
  public Future<Boolean> reloadCertificate() {
    return HttpServers.reloadCertificate(server, config);
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
