package jp.oqsgateway.agent.link;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The gateway's end of the link as the tests need it: a TLS server with the same SockJS event-bus
 * bridge the gateway runs (inbound only to {@code reader.*}), a bearer-token check on the upgrade,
 * and consumers that store each {@code eventId} once and answer {@code accepted} or {@code
 * duplicate}. A test can make the consumer fail or stay silent to exercise the agent's side.
 */
final class FakeGatewayBridge {
  static final String TOKEN = "agent-token-for-tests";
  static final List<String> ADDRESSES =
      List.of(
          "reader.card.inserted",
          "reader.card.removed",
          "reader.status",
          "reader.card.error",
          "reader.card.proof");

  static final int SILENT = -1;
  static final int STORE_SILENTLY = -2;

  private final Vertx vertx;
  private final SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
  private final Set<String> stored = ConcurrentHashMap.newKeySet();
  private final List<String> storedInOrder = new CopyOnWriteArrayList<>();
  private final AtomicInteger received = new AtomicInteger();
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();
  private volatile Function<JsonObject, Integer> behaviour = body -> 0;
  private final List<MessageConsumer<JsonObject>> consumers = new CopyOnWriteArrayList<>();
  private HttpServer server;

  FakeGatewayBridge(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The PEM certificate agents must trust (self-signed: it is its own CA). */
  Path caFile() {
    return Path.of(certificate.certificatePath());
  }

  /**
   * How the consumer treats the next bodies: 0 store and answer, {@link #SILENT} neither store nor
   * answer, {@link #STORE_SILENTLY} store but never answer (a reply lost on the way), an HTTP-like
   * code fail with it.
   */
  void behave(Function<JsonObject, Integer> behaviour) {
    this.behaviour = behaviour;
  }

  Future<Integer> listen(int port) {
    for (String address : ADDRESSES) {
      consumers.add(vertx.eventBus().consumer(address, this::handle));
    }
    Router router = Router.router(vertx);
    router
        .route("/agent/eventbus/*")
        .handler(
            ctx -> {
              if (!("Bearer " + TOKEN).equals(ctx.request().getHeader("Authorization"))) {
                ctx.response().setStatusCode(401).end();
                return;
              }
              ctx.next();
            });
    SockJSBridgeOptions bridge = new SockJSBridgeOptions();
    ADDRESSES.forEach(a -> bridge.addInboundPermitted(new PermittedOptions().setAddress(a)));
    router.route("/agent/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(bridge));
    return vertx
        .createHttpServer(
            new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
        .requestHandler(router)
        .listen(port, "127.0.0.1")
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  Future<Void> close() {
    consumers.forEach(MessageConsumer::unregister);
    consumers.clear();
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(Message<JsonObject> message) {
    JsonObject body = message.body();
    String id = body.getString("eventId");
    received.incrementAndGet();
    seen.merge(id, 1, Integer::sum);
    int verdict = behaviour.apply(body);
    if (verdict == STORE_SILENTLY) {
      if (stored.add(id)) {
        storedInOrder.add(id);
      }
      return;
    }
    if (verdict < 0) {
      return;
    }
    if (verdict > 0) {
      message.fail(verdict, "refused by the test");
      return;
    }
    boolean fresh = stored.add(id);
    if (fresh) {
      storedInOrder.add(id);
    }
    message.reply(new JsonObject().put("status", fresh ? "accepted" : "duplicate"));
  }

  /** Event ids stored, in the order they were first stored. */
  List<String> storedInOrder() {
    return List.copyOf(storedInOrder);
  }

  /** How often this event id reached the consumer (stored or not). */
  int timesSeen(String eventId) {
    return seen.getOrDefault(eventId, 0);
  }
}
