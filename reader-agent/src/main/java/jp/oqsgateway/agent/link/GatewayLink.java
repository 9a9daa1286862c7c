package jp.oqsgateway.agent.link;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's link to the gateway (docs/AGENT-PROTOCOL.md): one TLS WebSocket to the gateway's
 * event-bus bridge, authenticated by the agent's token, over which the journal is drained in order,
 * one event in flight at a time. An event leaves the journal only when the gateway answered {@code
 * accepted} or {@code duplicate} (or refused it for good, which is logged and counted), so nothing
 * is lost across disconnections and restarts, and the gateway's de-duplication by {@code eventId}
 * makes the resend after a lost reply harmless. Reconnects back off from {@code minBackoff} to
 * {@code maxBackoff} with jitter. Every handler runs on this verticle's event loop; the journal is
 * read and written on worker threads.
 */
public final class GatewayLink extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayLink.class);

  /**
   * @param url {@code wss://host:port/agent/eventbus/websocket}
   * @param caFile the PEM CA the gateway's agent certificate is issued by
   * @param token the agent's bearer token, read at each connection on a worker thread (it may be
   *     replaced on disk)
   */
  public record Options(
      URI url,
      Path caFile,
      Supplier<String> token,
      Duration replyTimeout,
      Duration pingInterval,
      Duration minBackoff,
      Duration maxBackoff) {
    public static Options defaults(URI url, Path caFile, Supplier<String> token) {
      return new Options(
          url,
          caFile,
          token,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofMillis(500),
          Duration.ofSeconds(30));
    }
  }

  /** What the rest of the agent learns from the link; called on the link's event loop. */
  public interface Listener {
    /** The gateway answered (or refused) an event; a card's challenge arrives this way. */
    default void replied(PendingEvent event, Reply reply) {}

    default void connected() {}

    default void disconnected(String reason) {}
  }

  private final Options options;
  private final Outgoing outgoing;
  private final Listener listener;
  private WebSocketClient client;
  private WebSocket socket;
  private InFlight inFlight;
  private boolean stopped;
  private int failedAttempts;
  private long pingTimer = -1;
  private long reconnectTimer = -1;
  private volatile long delivered;
  private volatile long refused;

  private record InFlight(PendingEvent event, String replyAddress, long timer, long sentNanos) {}

  public GatewayLink(Options options, Outgoing outgoing, Listener listener) {
    this.options = options;
    this.outgoing = outgoing;
    this.listener = listener;
  }

  @Override
  public Future<?> start() {
    client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(options.caFile().toString()))
                .setConnectTimeout((int) options.replyTimeout().toMillis()));
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(pingTimer);
    vertx.cancelTimer(reconnectTimer);
    WebSocket s = socket;
    socket = null;
    Future<Void> closed = s == null ? Future.succeededFuture() : s.close();
    return closed.transform(r -> client.close());
  }

  /** New events were appended to the journal: send them if connected. Any thread. */
  public void wakeUp() {
    context.runOnContext(v -> drain());
  }

  /** Whether the socket to the gateway is open now. Any thread (a snapshot). */
  public boolean isConnected() {
    return socket != null;
  }

  /** Events the gateway acknowledged since start. */
  public long delivered() {
    return delivered;
  }

  /** Events the gateway refused for good since start (dropped from the journal, logged). */
  public long refused() {
    return refused;
  }

  private void connect() {
    if (stopped) {
      return;
    }
    URI url = options.url();
    int port = url.getPort() > 0 ? url.getPort() : 443;
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions()
            .setHost(url.getHost())
            .setPort(port)
            .setSsl(true)
            .setURI(url.getRawPath());
    // The token is read at each attempt (it may be replaced on disk), off the event loop.
    vertx
        .executeBlocking(() -> options.token().get().trim(), false)
        .compose(token -> client.connect(connect.addHeader("Authorization", "Bearer " + token)))
        .onSuccess(this::opened)
        .onFailure(e -> retryLater("cannot connect: " + e.getMessage()));
  }

  private void opened(WebSocket ws) {
    if (stopped) {
      ws.close();
      return;
    }
    socket = ws;
    failedAttempts = 0;
    LOG.atInfo().addKeyValue("url", options.url().getHost()).log("connected to the gateway");
    // The bridge's raw WebSocket transport writes its JSON frames as binary messages.
    ws.handler(data -> received(data.toString(java.nio.charset.StandardCharsets.UTF_8)));
    ws.exceptionHandler(e -> LOG.atWarn().setCause(e).log("gateway link error"));
    ws.closeHandler(v -> closed(ws));
    pingTimer =
        vertx.setPeriodic(
            options.pingInterval().toMillis(), t -> ws.writeTextMessage(BridgeFrames.ping()));
    listener.connected();
    drain();
  }

  private void closed(WebSocket ws) {
    if (socket != ws) {
      return;
    }
    socket = null;
    vertx.cancelTimer(pingTimer);
    if (inFlight != null) {
      vertx.cancelTimer(inFlight.timer());
      inFlight = null; // sent again after reconnecting; the gateway de-duplicates
    }
    retryLater("connection closed");
  }

  private void retryLater(String reason) {
    if (stopped) {
      return;
    }
    listener.disconnected(reason);
    long base =
        Math.min(
            options.maxBackoff().toMillis(),
            options.minBackoff().toMillis() << Math.min(failedAttempts, 16));
    long delay = Math.max(1, base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    failedAttempts++;
    LOG.atInfo()
        .addKeyValue("reason", reason)
        .addKeyValue("retryInMillis", delay)
        .log("gateway unreachable; events stay in the journal");
    reconnectTimer = vertx.setTimer(delay, t -> connect());
  }

  /** Sends the oldest event not acknowledged, unless one is in flight or the link is down. */
  private void drain() {
    if (socket == null || inFlight != null || stopped) {
      return;
    }
    WebSocket ws = socket;
    // Reserve the slot before reading, so two wake-ups cannot send the same event twice at once.
    inFlight = new InFlight(null, null, -1, 0);
    vertx
        .executeBlocking(outgoing::oldest, false)
        .onComplete(
            r -> {
              inFlight = null;
              if (r.failed()) {
                LOG.atError().setCause(r.cause()).log("cannot read the event journal");
                return;
              }
              r.result().ifPresent(event -> send(ws, event));
            });
  }

  private void send(WebSocket ws, PendingEvent event) {
    if (socket != ws) {
      return; // closed meanwhile: the next connection sends it
    }
    // The bridge accepts reply addresses of at most 36 characters: a bare UUID.
    String replyAddress = UUID.randomUUID().toString();
    long timer =
        vertx.setTimer(
            options.replyTimeout().toMillis(),
            t -> {
              LOG.atWarn().addKeyValue("eventId", event.eventId()).log("no reply in time");
              ws.close(); // reconnect and send again
            });
    inFlight = new InFlight(event, replyAddress, timer, System.nanoTime());
    ws.writeTextMessage(BridgeFrames.send(event.address(), replyAddress, event.body()))
        .onFailure(e -> ws.close());
  }

  private void received(String text) {
    Optional<BridgeFrames.Incoming> frame = BridgeFrames.parse(text);
    InFlight current = inFlight;
    if (frame.isEmpty() || current == null || current.event() == null) {
      return; // pong, or a late reply to an event already sent again
    }
    boolean forCurrent =
        frame.get().address().map(a -> a.equals(current.replyAddress())).orElse(true);
    if (!forCurrent) {
      return;
    }
    vertx.cancelTimer(current.timer());
    LOG.atDebug()
        .addKeyValue("eventId", current.event().eventId())
        .addKeyValue("durationMs", (System.nanoTime() - current.sentNanos()) / 1_000_000)
        .log("the gateway answered");
    Reply reply = frame.get().reply();
    if (!reply.delivered() && !reply.refused()) {
      LOG.atWarn()
          .addKeyValue("eventId", current.event().eventId())
          .addKeyValue("status", reply.failureCode().orElse(0))
          .log("the gateway could not take the event now; sending it again later");
      socket.close();
      return;
    }
    if (reply.refused()) {
      refused++;
      LOG.atError()
          .addKeyValue("eventId", current.event().eventId())
          .addKeyValue("status", reply.failureCode().orElse(0))
          .addKeyValue("reason", reply.body().getString("message", ""))
          .log("the gateway refused an event for good; it is dropped from the journal");
    } else {
      delivered++;
    }
    // The rest of the agent is told at once (a card's challenge is waited for at the reader); the
    // next event is read only once this one is off the journal.
    try {
      listener.replied(current.event(), reply);
    } catch (RuntimeException e) {
      LOG.atError()
          .setCause(e)
          .addKeyValue("eventId", current.event().eventId())
          .log("cannot act on the gateway's reply");
    }
    Promise<Void> acknowledged = Promise.promise();
    vertx
        .<Void>executeBlocking(
            () -> {
              outgoing.acknowledge(current.event().eventId());
              return null;
            },
            false)
        .onComplete(acknowledged);
    acknowledged
        .future()
        .onComplete(
            r -> {
              if (r.failed()) {
                LOG.atError().setCause(r.cause()).log("cannot acknowledge an event in the journal");
              }
              inFlight = null;
              drain();
            });
  }
}
