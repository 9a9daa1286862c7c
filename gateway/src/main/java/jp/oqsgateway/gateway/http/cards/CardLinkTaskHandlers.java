package jp.oqsgateway.gateway.http.cards;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.UUID;
import jp.oqsgateway.gateway.cards.CardLinkTask;
import jp.oqsgateway.gateway.cards.CardStore;
import jp.oqsgateway.gateway.cards.LinkResult;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;

/**
 * {@code /api/v1/card-link-tasks}: the open linking tasks of a desk (ids, desk, reader and times:
 * nothing that names a patient), and the receptionist's confirmation that links a task's card to a
 * chart patient, once (a reception token signed in at a desk sees only its desk's tasks: another
 * desk is 403 {@code desk-not-allowed}; repeating it for the same patient answers the same link;
 * another patient after that is 409).
 */
public final class CardLinkTaskHandlers {
  private final CardStore store;

  public CardLinkTaskHandlers(CardStore store) {
    this.store = store;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("listCardLinkTasks").addHandler(this::list);
    builder.getRoute("linkCardLinkTask").addHandler(this::link);
  }

  private void list(RoutingContext ctx) {
    String desk = Requests.query(ctx, "desk").orElseThrow();
    Future.succeededFuture(desk)
        .map(
            d -> {
              Caller.of(ctx).requireDesk(d);
              return d;
            })
        .compose(store::openTasks)
        .onSuccess(
            tasks ->
                ctx.json(
                    new JsonObject()
                        .put("desk", desk)
                        .put("tasks", Requests.array(tasks, CardLinkTaskHandlers::toJson))))
        .onFailure(ctx::fail);
  }

  private void link(RoutingContext ctx) {
    UUID taskId = Requests.pathId(ctx, "taskId");
    String patient = Requests.body(ctx).getString("chartPatientId");
    Caller caller = Caller.of(ctx);
    store
        .task(taskId)
        .map(
            task -> {
              // Another desk's task is refused as such; an unknown one is answered by link().
              task.ifPresent(t -> caller.requireDesk(t.deskId()));
              return task;
            })
        .compose(task -> store.link(taskId, patient, caller.subject()))
        .compose(CardLinkTaskHandlers::answer)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** The link made (or made before for the same patient), or why there is none. */
  private static Future<JsonObject> answer(LinkResult result) {
    if (result instanceof LinkResult.Linked l) {
      JsonArray superseded = new JsonArray();
      l.superseded().forEach(id -> superseded.add(id.toString()));
      return Future.succeededFuture(
          new JsonObject()
              .put("taskId", l.taskId().toString())
              .put("cardLinkId", l.link().id().toString())
              .put("chartPatientId", l.link().chartPatientId())
              .put("linkedBy", l.link().linkedBy())
              .put("linkedAt", l.link().linkedAt().toString())
              .put("supersededCardLinkIds", superseded));
    }
    if (result instanceof LinkResult.UnknownTask) {
      return Future.failedFuture(Rejection.notFound(null, "no such linking task"));
    }
    return Future.failedFuture(
        Rejection.conflict(
            "card-link-task-closed",
            "Task closed",
            "the task was closed for another patient; the card's next insertion opens a new task"));
  }

  /** A task as the API shows it (schema {@code CardLinkTask}): nothing that names a patient. */
  public static JsonObject toJson(CardLinkTask t) {
    return new JsonObject()
        .put("id", t.id().toString())
        .put("reason", t.reason())
        .put("desk", t.deskId())
        .put("reader", t.readerId())
        .put("createdAt", t.createdAt().toString())
        .put("presentedAt", t.presentedAt().toString());
  }
}
