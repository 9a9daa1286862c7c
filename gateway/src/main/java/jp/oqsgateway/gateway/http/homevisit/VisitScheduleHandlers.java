package jp.oqsgateway.gateway.http.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.homevisit.ReinquiryRuns;
import jp.oqsgateway.gateway.homevisit.VisitScheduleStore;
import jp.oqsgateway.gateway.homevisit.VisitsDue;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.RequestDates;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;

/**
 * {@code /api/v1/home-visit-schedule/{date}} and {@code /api/v1/home-visits}: the visit schedule
 * the chart system posts (a day replaced at once, or one visit added or cancelled), and a day's
 * visits each with the re-inquiry decision for that day. Every answer that names a patient is
 * recorded by {@link ReadAudit} before it is sent.
 */
public final class VisitScheduleHandlers {
  private final VisitScheduleStore schedule;
  private final VisitsDue due;
  private final ReadAudit audit;
  private final ReinquiryRuns runs;

  public VisitScheduleHandlers(
      VisitScheduleStore schedule, VisitsDue due, ReadAudit audit, ReinquiryRuns runs) {
    this.schedule = schedule;
    this.due = due;
    this.audit = audit;
    this.runs = runs;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("replaceHomeVisitSchedule").addHandler(this::replace);
    builder.getRoute("listHomeVisitSchedule").addHandler(this::list);
    builder.getRoute("addHomeVisit").addHandler(this::add);
    builder.getRoute("cancelHomeVisit").addHandler(this::cancel);
  }

  private void replace(RoutingContext ctx) {
    Optional<String> team = Requests.query(ctx, "team");
    Future.succeededFuture(ctx)
        .map(c -> ScheduleRequests.visits(Requests.body(c).getJsonArray("visits"), team))
        .compose(visits -> schedule.replaceDay(day(ctx), team, visits, caller(ctx)))
        .onSuccess(
            r -> {
              JsonObject json =
                  new JsonObject()
                      .put("date", day(ctx).toString())
                      .put("created", r.created())
                      .put("kept", r.kept())
                      .put("cancelled", r.cancelled());
              team.ifPresent(t -> json.put("team", t));
              ctx.json(json);
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Optional<String> team = Requests.query(ctx, "team");
    Future.succeededFuture(ctx)
        .map(VisitScheduleHandlers::day)
        .compose(d -> due.on(d, team))
        .compose(all -> audited(ctx, all))
        .compose(
            all ->
                runs.latest(
                        day(ctx),
                        all.stream().map(d -> d.visit().chartPatientId()).distinct().toList())
                    .map(last -> Map.entry(all, last)))
        .onSuccess(
            found -> {
              Map<String, ReinquiryRuns.LastRun> last = found.getValue();
              JsonArray visits = new JsonArray();
              found
                  .getKey()
                  .forEach(
                      d ->
                          visits.add(
                              ScheduleJson.of(
                                  d, Optional.ofNullable(last.get(d.visit().chartPatientId())))));
              JsonObject json =
                  new JsonObject().put("date", day(ctx).toString()).put("visits", visits);
              team.ifPresent(t -> json.put("team", t));
              ctx.json(json);
            })
        .onFailure(ctx::fail);
  }

  private void add(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    Future.succeededFuture(body)
        .map(b -> RequestDates.realDate("date", b.getString("date")))
        .compose(
            d ->
                schedule.add(
                    d, ScheduleRequests.visit(body, body.getString("team"), ""), caller(ctx)))
        .compose(
            added ->
                audit
                    .record(
                        ctx,
                        Purpose.HOME_VISIT,
                        Optional.of(added.visit().chartPatientId()),
                        Optional.empty())
                    .map(added))
        .onSuccess(
            added ->
                ctx.response()
                    .setStatusCode(added.created() ? 201 : 200)
                    .putHeader("Content-Type", "application/json")
                    .end(ScheduleJson.visit(added.visit()).encode()))
        .onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    schedule
        .cancel(Requests.pathId(ctx, "visitId"), caller(ctx))
        .onSuccess(
            found -> {
              if (!found) {
                ctx.fail(Rejection.notFound("visitId", "no scheduled visit with this id"));
                return;
              }
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }

  /** One audit record per patient listed, before the answer is sent. */
  private Future<List<VisitsDue.Due>> audited(RoutingContext ctx, List<VisitsDue.Due> all) {
    Future<Void> recorded = Future.succeededFuture();
    for (String patient : all.stream().map(d -> d.visit().chartPatientId()).distinct().toList()) {
      recorded =
          recorded.compose(
              v -> audit.record(ctx, Purpose.HOME_VISIT, Optional.of(patient), Optional.empty()));
    }
    return recorded.map(all);
  }

  private static LocalDate day(RoutingContext ctx) {
    return RequestDates.realDate("date", Requests.path(ctx, "date"));
  }

  private static String caller(RoutingContext ctx) {
    return Caller.of(ctx).subject();
  }
}
