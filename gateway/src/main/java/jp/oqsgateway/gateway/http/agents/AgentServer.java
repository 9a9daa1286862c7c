package jp.oqsgateway.gateway.http.agents;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import jp.oqsgateway.agentprotocol.AgentAddresses;
import jp.oqsgateway.gateway.agents.AgentMetrics;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import jp.oqsgateway.gateway.http.FailureHandler;
import jp.oqsgateway.gateway.http.RequestLogHandler;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.ops.AgentConnections;

/**
 * The agent server: HTTPS only, with the event-bus bridge over a raw WebSocket at {@value #PATH}
 * (docs/AGENT-PROTOCOL.md). The upgrade needs a token with role {@code agent}, not even admin
 * passes (401/403 and no socket otherwise); the socket is closed when the token expires or is
 * revoked (looked up every {@code revocationRecheck}); the bridge lets agents send to the five
 * {@link AgentAddresses} only and nothing out but the replies; a socket silent for the idle timeout
 * is closed.
 */
public final class AgentServer extends VerticleBase {
  /** Where the bridge is mounted; the raw WebSocket endpoint is {@code <PATH>websocket}. */
  public static final String PATH = "/agent/eventbus/";

  private final String host;
  private final int port;
  private final Path certificate;
  private final Path key;
  private final Duration idleTimeout;
  private final ApiAuth auth;
  private final TokenRevocations revocations;
  private final Duration revocationRecheck;
  private final AgentMetrics metrics;
  private final AgentConnections connections;
  private HttpServer server;

  public AgentServer(
      String host,
      int port,
      Path certificate,
      Path key,
      Duration idleTimeout,
      ApiAuth auth,
      TokenRevocations revocations,
      Duration revocationRecheck,
      AgentMetrics metrics,
      AgentConnections connections) {
    this.host = host;
    this.port = port;
    this.certificate = certificate;
    this.key = key;
    this.idleTimeout = idleTimeout;
    this.auth = auth;
    this.revocations = revocations;
    this.revocationRecheck = revocationRecheck;
    this.metrics = metrics;
    this.connections = connections;
  }

  @Override
  public Future<?> start() {
    SockJSBridgeOptions bridge = new SockJSBridgeOptions().setPingTimeout(idleTimeout.toMillis());
    AgentAddresses.ALL.forEach(
        a -> bridge.addInboundPermitted(new PermittedOptions().setAddress(a)));
    SockJSHandlerOptions sockJs =
        new SockJSHandlerOptions()
            .setRegisterWriteHandler(false)
            .setInsertJSESSIONID(false)
            .addDisabledTransport(Transport.XHR.name())
            .addDisabledTransport(Transport.EVENT_SOURCE.name())
            .addDisabledTransport(Transport.HTML_FILE.name())
            .addDisabledTransport(Transport.JSON_P.name());
    Router root = Router.router(vertx);
    root.route().handler(new RequestLogHandler("agents"));
    // A token is verified asynchronously (the revocation table on a cache miss): the request is
    // paused meanwhile, and never resumed, so the WebSocket upgrade still finds it unread.
    root.route(PATH + "*")
        .handler(
            ctx -> {
              ctx.request().pause();
              ctx.next();
            });
    root.route(PATH + "*").handler(auth.requireRoles(Role.AGENT));
    // requireRoles lets admin through everywhere; the agent link is for agent tokens alone, since
    // only they name the desks an agent reports for.
    root.route(PATH + "*").handler(AgentServer::agentRoleOnly);
    root.route(PATH + "*")
        .subRouter(
            SockJSHandler.create(vertx, sockJs)
                .bridge(
                    bridge,
                    new AgentBridgeEvents(
                        metrics,
                        auth.enabled(),
                        new AgentTokenWatch(
                            vertx,
                            metrics,
                            revocations,
                            revocationRecheck,
                            Clock.systemUTC(),
                            connections),
                        connections)));
    root.route().failureHandler(new FailureHandler());
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(true)
            .setKeyCertOptions(keyCert());
    return vertx
        .createHttpServer(options)
        .requestHandler(root)
        .listen()
        .onSuccess(s -> server = s)
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "agent server cannot listen on "
                            + host
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "); change agents.port or stop the program using it",
                        e)));
  }

  private static void agentRoleOnly(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    if (caller == Caller.ANONYMOUS || caller.roles().contains(Role.AGENT)) {
      ctx.next();
    } else {
      ApiAuth.forbidden(ctx, "role agent required (admin is not)");
    }
  }

  @Override
  public Future<?> stop() {
    connections.stopping();
    // The links' closing events are appended before the pool they go through is closed.
    return (server == null ? Future.succeededFuture() : server.close())
        .eventually(connections::appended);
  }

  /** Loads the certificate files again (after renewal), for the next connections. */
  public Future<Boolean> reloadCertificate() {
    return server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(keyCert()), true);
  }

  private PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString());
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
