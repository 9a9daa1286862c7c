package jp.oqsgateway.gateway.http.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import jp.oqsgateway.gateway.http.Problems;
import jp.oqsgateway.gateway.http.RequestLogHandler;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.live.LiveFeed;
import jp.oqsgateway.gateway.live.LiveTickets;
import jp.oqsgateway.gateway.live.Viewer;

/**
 * The live feed's operations (docs/LIVE.md): the WebSocket {@code openLiveSocket}, the SSE stream
 * {@code streamLiveEvents} and the tickets of {@code createLiveTicket}.
 */
public record LiveEndpoints(
    LiveFeed feed, LiveTickets tickets, ApiAuth auth, TokenRevocations revocations) {

  /** The API's guards, also redeeming this feed's tickets on the SSE stream. */
  public static ApiAuth acceptingTickets(ApiAuth auth, LiveTickets tickets) {
    return auth.withTickets(ticket -> Viewers.redeem(tickets, ticket));
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("openLiveSocket").addHandler(this::upgrade);
    builder.getRoute("streamLiveEvents").addHandler(ctx -> new LiveStream(this, ctx).start());
    builder.getRoute("createLiveTicket").addHandler(this::ticket);
  }

  private void upgrade(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      Problems.send(
          ctx,
          Problems.of(
              400,
              "websocket-upgrade-required",
              "WebSocket upgrade required",
              "this path is a WebSocket (docs/LIVE.md); for a stream over plain HTTP use GET"
                  + " /api/v1/events/stream",
              null));
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(
            ws -> {
              RequestLogHandler.upgraded(ctx);
              new LiveSocket(this, ctx.vertx(), ws, new SocketFrames(ctx.request().connection()))
                  .start();
            })
        .onFailure(ctx::fail);
  }

  private void ticket(RoutingContext ctx) {
    LiveTickets.Ticket t = tickets.issue(Viewers.of(Caller.of(ctx)));
    // no-store, as on every response (SecurityHeaders)
    ctx.response().setStatusCode(201);
    ctx.json(new JsonObject().put("ticket", t.value()).put("expiresAt", t.expiresAt().toString()));
  }

  /** True when the viewer's token was revoked since it was verified. */
  Future<Boolean> revoked(Viewer viewer) {
    if (!auth.enabled()) {
      return Future.succeededFuture(false);
    }
    return revocations.isRevoked(viewer.tokenId(), viewer.subject(), viewer.issuedAt());
  }

  /** The viewer of a ticket, unless its token was revoked meanwhile. */
  Future<Viewer> notRevoked(Viewer viewer) {
    return revoked(viewer)
        .compose(
            revoked ->
                revoked ? Future.failedFuture("token revoked") : Future.succeededFuture(viewer));
  }

  /** A client's last seen event id, if it gave one. */
  static Optional<UUID> eventId(Object value) {
    if (value == null || (value instanceof String s && s.isEmpty())) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString((String) value));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("lastEventId: the id of an event received before");
    }
  }
}
