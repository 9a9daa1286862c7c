package jp.oqsgateway.gateway.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

/**
 * A chart system's webhook endpoint: a real HTTP server on a random loopback port that records
 * every POST (headers, body, arrival time) and answers what {@code responder} says.
 */
public final class WebhookReceiver implements AutoCloseable {
  /**
   * Settings under which a gateway may deliver to a receiver: it listens on plain http on
   * 127.0.0.1, which webhooks reach only when the operator allows it.
   */
  public static final Map<String, String> ALLOWED =
      Map.of("webhooks.allow-hosts", "127.0.0.1", "webhooks.allow-http", "true");

  /** {@link #ALLOWED} and {@code settings} together, in a map the caller may still add to. */
  public static Map<String, String> allowedWith(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(ALLOWED);
    all.putAll(settings);
    return all;
  }

  /** One POST as it arrived. */
  public record Received(
      String eventId,
      String eventType,
      String timestamp,
      String signature,
      Buffer body,
      long nanos) {
    public JsonObject json() {
      return body.toJsonObject();
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile ToIntFunction<Received> responder = r -> 200;

  private WebhookReceiver(Vertx vertx) {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              Received r =
                                  new Received(
                                      req.getHeader("X-OQSGW-Event-Id"),
                                      req.getHeader("X-OQSGW-Event-Type"),
                                      req.getHeader("X-OQSGW-Timestamp"),
                                      req.getHeader("X-OQSGW-Signature"),
                                      body,
                                      System.nanoTime());
                              received.add(r);
                              req.response().setStatusCode(responder.applyAsInt(r)).end();
                            }));
  }

  public static WebhookReceiver start(Vertx vertx) {
    WebhookReceiver receiver = new WebhookReceiver(vertx);
    receiver.server.listen(0, "127.0.0.1").await();
    return receiver;
  }

  /** What the receiver answers from now on. */
  public WebhookReceiver answering(ToIntFunction<Received> responder) {
    this.responder = responder;
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks/oqsgw";
  }

  /** Every POST carrying this event id, in arrival order. */
  public List<Received> forEvent(String eventId) {
    return received.stream().filter(r -> eventId.equals(r.eventId())).toList();
  }

  public List<Received> all() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.close().await();
  }
}
