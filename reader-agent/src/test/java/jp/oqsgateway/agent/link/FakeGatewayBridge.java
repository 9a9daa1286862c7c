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
public final class FakeGatewayBridge {
  public static final String TOKEN = "agent-token-for-tests";
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
  private volatile boolean challenges;
  private final Map<String, byte[][]> issued = new ConcurrentHashMap<>();
  private final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
  private final List<Boolean> proofs = new CopyOnWriteArrayList<>();
  private final List<MessageConsumer<JsonObject>> consumers = new CopyOnWriteArrayList<>();
  private HttpServer server;

  public FakeGatewayBridge(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The PEM certificate agents must trust (self-signed: it is its own CA). */
  public Path caFile() {
    return Path.of(certificate.certificatePath());
  }

  /**
   * How the consumer treats the next bodies: 0 store and answer, {@link #SILENT} neither store nor
   * answer, {@link #STORE_SILENTLY} store but never answer (a reply lost on the way), an HTTP-like
   * code fail with it.
   */
  public void behave(Function<JsonObject, Integer> behaviour) {
    this.behaviour = behaviour;
  }

  public Future<Integer> listen(int port) {
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

  public Future<Void> close() {
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
      bodies.add(body.copy().put("address", message.address()));
    }
    JsonObject reply = new JsonObject().put("status", fresh ? "accepted" : "duplicate");
    if (challenges && fresh && body.containsKey("certificate")) {
      byte[] nonce = new byte[32];
      new java.security.SecureRandom().nextBytes(nonce);
      String challengeId = java.util.UUID.randomUUID().toString();
      issued.put(
          challengeId,
          new byte[][] {
            java.util.Base64.getDecoder().decode(body.getString("certificate")), nonce
          });
      reply.put(
          "challenge",
          new JsonObject()
              .put("challengeId", challengeId)
              .put("nonce", java.util.Base64.getEncoder().encodeToString(nonce))
              .put("expiresAt", java.time.Instant.now().plusSeconds(60).toString()));
    }
    if (fresh && message.address().equals("reader.card.proof")) {
      byte[][] pending = issued.remove(body.getString("challengeId"));
      boolean verified =
          pending != null && verifies(pending[0], pending[1], body.getString("signature"));
      proofs.add(verified);
      reply.put("outcome", verified ? "CHECK_STARTED" : "REFUSED");
    }
    message.reply(reply);
  }

  private static boolean verifies(byte[] certificate, byte[] nonce, String signature) {
    try {
      java.security.cert.X509Certificate cert =
          (java.security.cert.X509Certificate)
              java.security.cert.CertificateFactory.getInstance("X.509")
                  .generateCertificate(new java.io.ByteArrayInputStream(certificate));
      java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
      s.initVerify(cert.getPublicKey());
      s.update(nonce);
      return s.verify(java.util.Base64.getDecoder().decode(signature));
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  /** Answer My Number cards with a challenge and check their proofs, as the gateway does. */
  public void issueChallenges() {
    challenges = true;
  }

  /** Whether each proof received verified against its card's certificate, in order. */
  public List<Boolean> proofs() {
    return List.copyOf(proofs);
  }

  /** The stored bodies, each with the address it came to, in the order stored. */
  public List<JsonObject> bodies() {
    return List.copyOf(bodies);
  }

  /** Event ids stored, in the order they were first stored. */
  public List<String> storedInOrder() {
    return List.copyOf(storedInOrder);
  }

  /** How often this event id reached the consumer (stored or not). */
  public int timesSeen(String eventId) {
    return seen.getOrDefault(eventId, 0);
  }
}
