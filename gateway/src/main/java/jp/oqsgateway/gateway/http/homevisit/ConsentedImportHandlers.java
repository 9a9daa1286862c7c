package jp.oqsgateway.gateway.http.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.homevisit.ConsentedImportQueue;
import jp.oqsgateway.gateway.homevisit.ConsentedImportQueue.Item;
import jp.oqsgateway.gateway.homevisit.ConsentedPatients;
import jp.oqsgateway.gateway.http.Cursors;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;

/**
 * {@code /api/v1/consented-imports/queue}: the imported consented patients a person links or
 * dismisses. Every item shown carries a person's kana and birth date: each is recorded by {@link
 * ReadAudit} (under its check) before the answer is sent.
 */
public final class ConsentedImportHandlers {
  private final ConsentedPatients consented;
  private final ReadAudit audit;

  /** Items of one page unless {@code limit} says otherwise. */
  private static final int DEFAULT_LIMIT = 100;

  public ConsentedImportHandlers(ConsentedPatients consented, ReadAudit audit) {
    this.consented = consented;
    this.audit = audit;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("listConsentedImports").addHandler(this::list);
    builder.getRoute("linkConsentedImport").addHandler(this::link);
    builder.getRoute("dismissConsentedImport").addHandler(this::dismiss);
  }

  private void list(RoutingContext ctx) {
    String state = Requests.query(ctx, "state").orElse("waiting");
    consented
        .queue()
        .page(
            state,
            Cursors.parse(Requests.query(ctx, "cursor"))
                .map(at -> new ConsentedImportQueue.Position(at.time(), at.id())),
            Requests.queryInt(ctx, "limit").orElse(DEFAULT_LIMIT))
        .compose(
            page -> {
              Future<Void> all = Future.succeededFuture();
              for (Item i : page.items()) {
                all = all.compose(v -> audited(ctx, Purpose.CANDIDATES, i).mapEmpty());
              }
              return all.map(page);
            })
        .onSuccess(
            page ->
                ctx.json(
                    new JsonObject()
                        .put("state", state)
                        .put("items", Requests.array(page.items(), ConsentedImportHandlers::json))
                        .put(
                            "nextCursor",
                            page.next().map(p -> Cursors.of(p.queuedAt(), p.id())).orElse(null))))
        .onFailure(ctx::fail);
  }

  private void link(RoutingContext ctx) {
    consented
        .decisions()
        .link(id(ctx), Requests.body(ctx).getString("chartPatientId"), caller(ctx))
        .compose(d -> audited(ctx, Purpose.LINKS, d.item()))
        .onSuccess(i -> ctx.json(json(i)))
        .onFailure(ctx::fail);
  }

  private void dismiss(RoutingContext ctx) {
    consented
        .decisions()
        .dismiss(id(ctx), Requests.body(ctx).getString("reason"), caller(ctx))
        .compose(i -> audited(ctx, Purpose.CANDIDATES, i))
        .onSuccess(i -> ctx.json(json(i)))
        .onFailure(ctx::fail);
  }

  private Future<Item> audited(RoutingContext ctx, Purpose purpose, Item i) {
    return audit.record(ctx, purpose, i.chartPatientId(), Optional.of(i.checkId())).map(i);
  }

  static JsonObject json(Item i) {
    JsonObject json =
        new JsonObject()
            .put("id", i.id().toString())
            .put("checkId", i.checkId().toString())
            .put("retrieval", i.family())
            .put("matchedBy", i.matchedBy())
            .put("candidates", new io.vertx.core.json.JsonArray(i.candidates()))
            .put("state", i.state())
            .put("queuedAt", i.queuedAt().toString());
    i.consentDate().ifPresent(d -> json.put("consentDate", d.toString()));
    i.nameKana().ifPresent(k -> json.put("nameKana", k));
    i.birthdate().ifPresent(b -> json.put("birthdate", b));
    i.decidedBy().ifPresent(b -> json.put("decidedBy", b));
    i.chartPatientId().ifPresent(p -> json.put("chartPatientId", p));
    i.reason().ifPresent(r -> json.put("reason", r));
    return json;
  }

  private static UUID id(RoutingContext ctx) {
    return Requests.pathId(ctx, "itemId");
  }

  private static String caller(RoutingContext ctx) {
    return Caller.of(ctx).subject();
  }
}
