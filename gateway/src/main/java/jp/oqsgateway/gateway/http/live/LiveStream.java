package jp.oqsgateway.gateway.http.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.http.Problems;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.live.CloseReason;
import jp.oqsgateway.gateway.live.EncodedEvent;
import jp.oqsgateway.gateway.live.LiveFilter;
import jp.oqsgateway.gateway.live.LiveSession;
import jp.oqsgateway.gateway.live.Round;
import jp.oqsgateway.gateway.live.SubscriptionRefused;
import jp.oqsgateway.gateway.live.Viewer;
import jp.oqsgateway.settings.Parsers;

/**
 * One Server-Sent Events stream of {@code GET /api/v1/events/stream} (docs/LIVE.md): the same
 * events and filters as the WebSocket, {@code Last-Event-ID} to resume, a comment as heartbeat. The
 * caller is known already (token or ticket, by the operation's guard). The stream ends when the
 * token expires or is revoked, when the client does not keep up, and when the gateway stops.
 */
final class LiveStream implements LiveSession.Sink {
  private final LiveEndpoints parts;
  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final Vertx vertx;
  private final Context context;
  private final List<Long> timers = new ArrayList<>();
  private LiveSession session;
  private boolean ended;
  private int waiting;
  private Future<Void> lastWrite;

  LiveStream(LiveEndpoints parts, RoutingContext ctx) {
    this.parts = parts;
    this.ctx = ctx;
    this.response = ctx.response();
    this.vertx = ctx.vertx();
    this.context = vertx.getOrCreateContext();
  }

  void start() {
    String accept = ctx.request().getHeader("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      Problems.send(
          ctx,
          Problems.of(
              406,
              "not-acceptable",
              "Not acceptable",
              "Accept: this operation answers text/event-stream only (docs/LIVE.md)",
              null));
      return;
    }
    Viewer viewer = Viewers.of(Caller.of(ctx));
    LiveFilter filter;
    Optional<UUID> lastEventId;
    try {
      filter =
          LiveFilter.of(
              viewer, list(ctx.request().getParam("desks")), list(ctx.request().getParam("types")));
      String header = ctx.request().getHeader("Last-Event-ID");
      lastEventId =
          LiveEndpoints.eventId(header != null ? header : ctx.request().getParam("lastEventId"));
    } catch (SubscriptionRefused r) {
      Problems.send(
          ctx,
          Problems.of(
              r.forbidden() ? 403 : 400,
              r.code(),
              r.forbidden() ? "Desk not allowed" : "Invalid request",
              r.getMessage(),
              r.field()));
      return;
    } catch (IllegalArgumentException e) {
      Problems.send(
          ctx, Problems.of(400, "invalid-field", "Invalid request", e.getMessage(), "lastEventId"));
      return;
    }
    ctx.request().pause();
    parts
        .revoked(viewer)
        .onComplete(
            revoked -> {
              ctx.request().resume();
              if (revoked.failed() || revoked.result()) {
                Problems.send(
                    ctx,
                    Problems.of(
                        401, "unauthorized", "Authentication required", "token revoked", null));
              } else {
                open(viewer, filter, lastEventId);
              }
            });
  }

  private void open(Viewer viewer, LiveFilter filter, Optional<UUID> lastEventId) {
    if (!parts.feed().admit(transport())) {
      response.putHeader("Retry-After", "30");
      Problems.send(
          ctx,
          Problems.of(
              503,
              "too-many-connections",
              "Too many live connections",
              "live.max-connections live connections are open; try again later",
              null));
      return;
    }
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> gone());
    session = parts.feed().open(viewer, this, context);
    session.send("retry: 3000\n\n");
    Duration heartbeat = parts.feed().config().heartbeat();
    timers.add(vertx.setPeriodic(heartbeat.toMillis(), id -> beat(viewer)));
    timers.add(
        Viewers.whenExpired(vertx, viewer, () -> session.close(CloseReason.UNAUTHENTICATED)));
    session.subscribe(filter, lastEventId);
  }

  private void beat(Viewer viewer) {
    session.send(": heartbeat\n\n");
    parts
        .revoked(viewer)
        .onSuccess(
            revoked ->
                context.runOnContext(
                    v -> {
                      if (revoked) {
                        session.close(CloseReason.UNAUTHENTICATED);
                      }
                    }));
  }

  private static List<String> list(String raw) {
    return raw == null ? List.of() : Parsers.commaSeparated(raw);
  }

  private void gone() {
    timers.forEach(vertx::cancelTimer);
    if (!ended) {
      ended = true;
      session.gone();
    }
  }

  @Override
  public String transport() {
    return "sse";
  }

  @Override
  public void append(EncodedEvent event) {
    write(event.sse(), 1);
  }

  @Override
  public void append(Round round) {
    write(round.sse(), round.size());
  }

  @Override
  public void append(String message) {
    write(message, 1);
  }

  /** Written at once: an SSE stream is one HTTP response, whose writes Vert.x flushes each. */
  private void write(String text, int messages) {
    waiting += messages;
    lastWrite = response.write(text).onComplete(r -> waiting -= messages);
  }

  @Override
  public void flush() {}

  @Override
  public int waiting() {
    return waiting;
  }

  @Override
  public boolean full() {
    return response.writeQueueFull();
  }

  @Override
  public void afterWritten(Runnable next) {
    if (lastWrite == null || lastWrite.isComplete()) {
      next.run();
    } else {
      lastWrite.onComplete(r -> next.run());
    }
  }

  @Override
  public String replayed(int count) {
    return ": replayed " + count + "\n\n";
  }

  @Override
  public String gap(JsonObject gap) {
    return "event: gap\ndata: " + gap.encode() + "\n\n";
  }

  @Override
  public void close(CloseReason reason) {
    ended = true;
    timers.forEach(vertx::cancelTimer);
    if (reason == CloseReason.SLOW_CONSUMER) {
      ctx.request().connection().close(); // what is queued would only be written after the end
    } else {
      response.end();
    }
  }
}
