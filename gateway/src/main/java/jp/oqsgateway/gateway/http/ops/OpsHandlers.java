package jp.oqsgateway.gateway.http.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Locale;
import java.util.Optional;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.ops.ExchangeRetries;
import jp.oqsgateway.gateway.ops.OpsOverview;
import jp.oqsgateway.gateway.ops.OpsStore;
import jp.oqsgateway.gateway.ops.VirtualCardControl;

/**
 * The operations screen's operations (roles ops and admin; no patient data): the overview, the
 * exchanges with the terminal by state and the retry of one (a person's decision), and, in the
 * demo, the virtual card's buttons. Without {@code demo.virtual-card-control} the demo operations
 * answer 404 {@code not-a-demo}.
 */
public final class OpsHandlers {
  private static final int DEFAULT_LIMIT = 50;

  private final OpsOverview overview;
  private final OpsStore store;
  private final ExchangeRetries retries;
  private final Optional<VirtualCardControl> virtualCard;

  public OpsHandlers(
      OpsOverview overview,
      OpsStore store,
      ExchangeRetries retries,
      Optional<VirtualCardControl> virtualCard) {
    this.overview = overview;
    this.store = store;
    this.retries = retries;
    this.virtualCard = virtualCard;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("getOpsOverview").addHandler(this::overview);
    builder.getRoute("listOqsExchanges").addHandler(this::exchanges);
    builder.getRoute("retryOqsExchange").addHandler(this::retry);
    builder.getRoute("getVirtualCard").addHandler(this::cardStatus);
    builder.getRoute("controlVirtualCard").addHandler(this::cardAction);
  }

  private void overview(RoutingContext ctx) {
    overview.read().map(OpsJson::overview).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void exchanges(RoutingContext ctx) {
    OpsStore.ListedState state =
        OpsStore.ListedState.valueOf(Requests.query(ctx, "state").orElse("OUTCOME_UNKNOWN"));
    int limit = Requests.queryInt(ctx, "limit").orElse(DEFAULT_LIMIT);
    store
        .exchanges(state, limit)
        .onSuccess(
            rows ->
                ctx.json(
                    new JsonObject()
                        .put("state", state.name())
                        .put("exchanges", Requests.array(rows, OpsJson::exchange))))
        .onFailure(ctx::fail);
  }

  private void retry(RoutingContext ctx) {
    retries
        .retry(Requests.pathId(ctx, "exchangeId"), Caller.of(ctx).subject())
        .onSuccess(
            created ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .end(OpsJson.exchange(OpsStore.ExchangeRow.of(created)).encode()))
        .onFailure(ctx::fail);
  }

  private void cardStatus(RoutingContext ctx) {
    card()
        .compose(c -> c.send(VirtualCardControl.Command.STATUS))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void cardAction(RoutingContext ctx) {
    VirtualCardControl.Command command =
        VirtualCardControl.Command.valueOf(
            Requests.body(ctx).getString("action").toUpperCase(Locale.ROOT));
    card()
        .compose(c -> c.send(command))
        .onSuccess(
            status ->
                ctx.response()
                    .setStatusCode(202)
                    .putHeader("Content-Type", "application/json")
                    .end(status.encode()))
        .onFailure(ctx::fail);
  }

  private Future<VirtualCardControl> card() {
    return virtualCard
        .map(Future::succeededFuture)
        .orElseGet(
            () ->
                Future.failedFuture(
                    Rejection.of(
                        Rejection.Kind.NOT_FOUND,
                        "not-a-demo",
                        "Not a demo",
                        "this gateway drives no virtual card (demo.virtual-card-control is not"
                            + " set; ./ops/demo sets it)")));
  }
}
