package jp.oqsgateway.gateway.http.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.audit.AuditStore;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.Requests;

/** {@code GET /api/v1/audit/reads}: the recorded reads, ids only (admin). */
public final class AuditHandlers {
  private static final int DEFAULT_LIMIT = 100;

  private final AuditStore store;

  public AuditHandlers(AuditStore store) {
    this.store = store;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("listAuditReads").addHandler(this::list);
  }

  private void list(RoutingContext ctx) {
    since(Requests.query(ctx, "from"))
        .compose(
            since ->
                store.find(
                    Requests.query(ctx, "patient"),
                    since,
                    Requests.queryInt(ctx, "limit").orElse(DEFAULT_LIMIT)))
        .map(AuditHandlers::toJson)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** The {@code from} parameter as an instant, or a rejection naming its rule. */
  private static Future<Optional<Instant>> since(Optional<String> from) {
    if (from.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    try {
      return Future.succeededFuture(Optional.of(OffsetDateTime.parse(from.get()).toInstant()));
    } catch (DateTimeParseException e) {
      return Future.failedFuture(
          Rejection.of(
                  Rejection.Kind.INVALID,
                  "invalid-field",
                  "Invalid request",
                  "from: must be a date-time with offset, e.g. 2025-06-02T00:00:00+09:00")
              .onField("from"));
    }
  }

  private static JsonObject toJson(List<AuditStore.Read> reads) {
    JsonArray items = new JsonArray();
    for (AuditStore.Read r : reads) {
      JsonObject item =
          new JsonObject()
              .put("id", r.id())
              .put("readAt", r.readAt().toString())
              .put("subject", r.subject())
              .put("roles", new JsonArray(r.roles()))
              .put("purpose", r.purpose());
      r.chartPatientId().ifPresent(p -> item.put("chartPatientId", p));
      r.checkId().ifPresent(c -> item.put("checkId", c.toString()));
      r.requestId().ifPresent(q -> item.put("requestId", q));
      r.clientRequestId().ifPresent(q -> item.put("clientRequestId", q));
      r.deliveredTo().ifPresent(q -> item.put("deliveredTo", q));
      r.deskId().ifPresent(q -> item.put("desk", q));
      items.add(item);
    }
    return new JsonObject().put("reads", items);
  }
}
