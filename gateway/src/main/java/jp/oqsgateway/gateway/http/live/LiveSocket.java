package jp.oqsgateway.gateway.http.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.live.CloseReason;
import jp.oqsgateway.gateway.live.EncodedEvent;
import jp.oqsgateway.gateway.live.LiveFilter;
import jp.oqsgateway.gateway.live.LiveSession;
import jp.oqsgateway.gateway.live.Round;
import jp.oqsgateway.gateway.live.SubscriptionRefused;
import jp.oqsgateway.gateway.live.TextFrame;
import jp.oqsgateway.gateway.live.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of {@code GET /api/v1/events/ws} (docs/LIVE.md): the first message authenticates (a
 * token or a ticket, never the URL), then {@code subscribe} starts the events. Heartbeats both
 * ways; the token's expiry or revocation, silence, a bad message or a full queue end it with the
 * close code docs/LIVE.md lists. Everything runs on the socket's event loop and never blocks it.
 */
final class LiveSocket implements LiveSession.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);
  static final Duration AUTH_WITHIN = Duration.ofSeconds(5);
  private static final int SILENT_HEARTBEATS = 3;

  private final LiveEndpoints parts;
  private final ServerWebSocket ws;
  private final Vertx vertx;
  private final Context context;
  private final Duration heartbeat;
  private final SocketFrames frames;
  private final List<Long> timers = new ArrayList<>();
  private LiveSession session;
  private boolean authenticating;
  private boolean ended;
  private long lastHeard = System.nanoTime();

  LiveSocket(LiveEndpoints parts, Vertx vertx, ServerWebSocket ws, SocketFrames frames) {
    this.parts = parts;
    this.vertx = vertx;
    this.ws = ws;
    this.context = vertx.getOrCreateContext();
    this.heartbeat = parts.feed().config().heartbeat();
    this.frames = frames;
  }

  void start() {
    if (!parts.feed().admit(transport())) {
      ended = true;
      ws.close((short) CloseReason.TOO_MANY_CONNECTIONS.code(), "too-many-connections");
      return;
    }
    timers.add(vertx.setTimer(AUTH_WITHIN.toMillis(), id -> authTimedOut()));
    ws.textMessageHandler(this::message);
    ws.binaryMessageHandler(b -> refuse("bad-message", null, "send text frames of JSON"));
    ws.pongHandler(b -> heard());
    ws.exceptionHandler(e -> LOG.atDebug().log("live socket error: {}", e.getClass().getName()));
    ws.closeHandler(v -> gone());
  }

  private void heard() {
    lastHeard = System.nanoTime();
  }

  private void authTimedOut() {
    if (session == null && !ended) {
      error("auth-timeout", null, "the first message must be auth, within 5 s");
      end(CloseReason.AUTH_TIMEOUT);
    }
  }

  private void message(String text) {
    heard();
    if (ended) {
      return;
    }
    JsonObject m;
    try {
      m = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      refuse("bad-message", null, "each message must be one JSON object");
      return;
    }
    String type = m.getValue("type") instanceof String t ? t : "";
    if (session == null) {
      if (!type.equals("auth") || authenticating) {
        error("unauthenticated", null, "the first message must be {\"type\":\"auth\",...}");
        end(CloseReason.UNAUTHENTICATED);
        return;
      }
      authenticate(m);
      return;
    }
    switch (type) {
      case "ping" -> session.send("{\"type\":\"pong\"}");
      case "subscribe" -> subscribe(m);
      case "auth" -> refuse("bad-message", "type", "type: already authenticated");
      default -> refuse("bad-message", "type", "type: one of auth, subscribe, ping");
    }
  }

  private void authenticate(JsonObject m) {
    authenticating = true;
    Future<Viewer> viewer;
    if (m.getValue("ticket") instanceof String ticket) {
      viewer =
          parts
              .tickets()
              .redeem(ticket)
              .map(v -> parts.notRevoked(v))
              .orElse(Future.failedFuture("ticket unknown, used or expired"));
    } else if (m.getValue("token") instanceof String token) {
      viewer = parts.auth().verify(token).map(Viewers::of);
    } else {
      viewer = Future.failedFuture("auth needs a token or a ticket");
    }
    viewer.onComplete(
        done ->
            context.runOnContext(
                v -> {
                  if (ended) {
                    return;
                  } else if (done.failed()) {
                    error("unauthenticated", null, "token or ticket not accepted");
                    end(CloseReason.UNAUTHENTICATED);
                  } else if (!LiveFilter.admits(done.result())) {
                    error("forbidden", null, "role chart, reception, clinician, ops or admin");
                    end(CloseReason.FORBIDDEN);
                  } else {
                    ready(done.result());
                  }
                }));
  }

  private void ready(Viewer viewer) {
    session = parts.feed().open(viewer, this, context);
    session.send(
        new JsonObject()
            .put("type", "ready")
            .put("subject", viewer.subject())
            .put("roles", new JsonArray(List.copyOf(new java.util.TreeSet<>(viewer.roles()))))
            .put("desks", new JsonArray(List.copyOf(new java.util.TreeSet<>(viewer.desks()))))
            .put("heartbeatSeconds", Math.max(1, heartbeat.toSeconds()))
            .encode());
    timers.add(vertx.setPeriodic(heartbeat.toMillis(), id -> beat(viewer)));
    timers.add(Viewers.whenExpired(vertx, viewer, () -> tokenEnded("token expired")));
  }

  private void beat(Viewer viewer) {
    if (ended) {
      return;
    }
    if (System.nanoTime() - lastHeard > heartbeat.toNanos() * SILENT_HEARTBEATS) {
      end(CloseReason.HEARTBEAT_TIMEOUT);
      return;
    }
    ws.writePing(Buffer.buffer());
    session.send("{\"type\":\"heartbeat\",\"at\":\"" + Instant.now() + "\"}");
    parts
        .revoked(viewer)
        .onSuccess(
            revoked ->
                context.runOnContext(
                    v -> {
                      if (revoked) {
                        tokenEnded("token revoked");
                      }
                    }));
  }

  private void tokenEnded(String why) {
    if (!ended) {
      error("unauthenticated", null, why);
      end(CloseReason.UNAUTHENTICATED);
    }
  }

  private void subscribe(JsonObject m) {
    List<String> desks;
    List<String> types;
    Optional<UUID> lastEventId;
    try {
      desks = strings(m, "desks");
      types = strings(m, "types");
      lastEventId = LiveEndpoints.eventId(m.getValue("lastEventId"));
    } catch (IllegalArgumentException e) {
      refuse(
          "invalid-field",
          e.getMessage().substring(0, e.getMessage().indexOf(':')),
          e.getMessage());
      return;
    }
    LiveFilter filter;
    try {
      filter = LiveFilter.of(session.viewer(), desks, types);
    } catch (SubscriptionRefused r) {
      error(r.code(), r.field(), r.getMessage());
      end(r.forbidden() ? CloseReason.FORBIDDEN : CloseReason.BAD_MESSAGE);
      return;
    }
    session.send(
        new JsonObject()
            .put("type", "subscribed")
            .put("desks", new JsonArray(List.copyOf(filter.desks())))
            .put("types", new JsonArray(List.copyOf(filter.types())))
            .encode());
    session.subscribe(filter, lastEventId);
  }

  private static List<String> strings(JsonObject m, String field) {
    Object value = m.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > 100) {
      throw new IllegalArgumentException(field + ": an array of at most 100 strings");
    }
    List<String> all = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof String s) || s.length() > 64) {
        throw new IllegalArgumentException(
            field + ": an array of strings of at most 64 characters");
      }
      all.add(s);
    }
    return all;
  }

  /** A message the protocol does not allow: error, then close 4400. */
  private void refuse(String code, String field, String detail) {
    error(code, field, detail);
    end(CloseReason.BAD_MESSAGE);
  }

  private void error(String code, String field, String detail) {
    JsonObject e = new JsonObject().put("type", "error").put("code", code).put("detail", detail);
    if (field != null) {
      e.put("field", field);
    }
    frames.append(TextFrame.of(e.encode()));
    frames.flush();
  }

  private void end(CloseReason reason) {
    if (ended) {
      return;
    }
    if (session != null) {
      session.close(reason); // calls close(reason) below
    } else {
      parts.feed().leave(transport(), reason);
      close(reason);
    }
  }

  private void gone() {
    cancelTimers();
    if (ended) {
      return;
    }
    ended = true;
    if (session != null) {
      session.gone();
    } else {
      parts.feed().leave(transport(), CloseReason.CLIENT_GONE);
    }
  }

  private void cancelTimers() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  @Override
  public String transport() {
    return "ws";
  }

  @Override
  public void append(EncodedEvent event) {
    frames.append(event.wsFrame(), 1);
  }

  @Override
  public void append(Round round) {
    frames.append(round.wsFrames(), round.size());
  }

  @Override
  public void append(String message) {
    frames.append(TextFrame.of(message));
  }

  @Override
  public void flush() {
    frames.flush();
  }

  @Override
  public int waiting() {
    return frames.waiting();
  }

  @Override
  public boolean full() {
    return frames.full();
  }

  @Override
  public void afterWritten(Runnable next) {
    frames.afterWritten(next);
  }

  @Override
  public String replayed(int count) {
    return "{\"type\":\"replayed\",\"count\":" + count + "}";
  }

  @Override
  public String gap(JsonObject gap) {
    return gap.copy().put("type", "gap").encode();
  }

  @Override
  public void close(CloseReason reason) {
    ended = true;
    cancelTimers();
    ws.close((short) reason.code(), reason.label());
  }
}
