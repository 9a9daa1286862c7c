package jp.oqsgateway.gateway.http.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.homevisit.CareForm;
import jp.oqsgateway.gateway.homevisit.ConsentScopes;
import jp.oqsgateway.gateway.homevisit.ConsentWithdrawal;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.homevisit.Relationship;
import jp.oqsgateway.gateway.homevisit.RelationshipRecords;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.RequestDates;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;

/**
 * {@code /api/v1/home-visit-relationships}: recording a continuing home-visit relationship, its
 * claimed months, a new first visit and its end, and reading it with whether a re-inquiry is
 * allowed today. The rules a schema cannot judge are {@link RelationshipRecords}'; a date that is
 * not a real one is refused here, naming the field. Every answer that carries a relationship is
 * recorded by {@link ReadAudit} before it is sent.
 */
public final class HomeVisitHandlers {
  private final HomeVisits homeVisits;
  private final RelationshipRecords records;
  private final ConsentScopes scopes;
  private final ReadAudit audit;

  public HomeVisitHandlers(HomeVisits homeVisits, ConsentScopes scopes, ReadAudit audit) {
    this.homeVisits = homeVisits;
    this.records = new RelationshipRecords(homeVisits);
    this.scopes = scopes;
    this.audit = audit;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("createHomeVisitRelationship").addHandler(this::create);
    builder.getRoute("listHomeVisitRelationships").addHandler(this::list);
    builder.getRoute("getHomeVisitRelationship").addHandler(this::get);
    builder.getRoute("recordHomeVisitClaims").addHandler(this::claims);
    builder.getRoute("recordHomeVisitFirstVisit").addHandler(this::firstVisit);
    builder.getRoute("endHomeVisitRelationship").addHandler(this::end);
    builder.getRoute("withdrawHomeVisitConsent").addHandler(this::withdraw);
  }

  private void withdraw(RoutingContext ctx) {
    JsonObject body = body(ctx);
    answer(
        ctx,
        Future.succeededFuture(body)
            .map(
                b ->
                    new ConsentWithdrawal(
                        date(b, "date"),
                        ConsentWithdrawal.By.fromWire(b.getString("by")).orElseThrow(),
                        Optional.ofNullable(b.getString("oqsReason"))))
            .compose(w -> records.withdrawConsent(id(ctx), w, caller(ctx))));
  }

  private void create(RoutingContext ctx) {
    JsonObject body = body(ctx);
    Future.succeededFuture(body)
        .map(b -> date(b, "firstVisitDate"))
        .compose(
            first ->
                records.create(
                    body.getString("chartPatientId"),
                    CareForm.fromWire(body.getString("careForm")).orElseThrow(),
                    first,
                    caller(ctx)))
        .compose(r -> audited(ctx, r))
        .compose(
            r -> json(r).compose(j -> Requests.answerAt(ctx, 201, HomeVisitJson.location(r), j)))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    String patient = Requests.query(ctx, "chartPatientId").orElseThrow();
    records
        .ofPatient(patient)
        .compose(
            all ->
                audit
                    .record(ctx, Purpose.HOME_VISIT, Optional.of(patient), Optional.empty())
                    .map(all))
        .compose(all -> Future.all(all.stream().map(this::json).toList()))
        .onSuccess(
            all ->
                ctx.json(
                    new JsonObject()
                        .put("chartPatientId", patient)
                        .put("relationships", new JsonArray(all.list()))))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    answer(ctx, records.find(id(ctx)));
  }

  private void claims(RoutingContext ctx) {
    List<YearMonth> months = new ArrayList<>();
    body(ctx).getJsonArray("months").forEach(m -> months.add(YearMonth.parse((String) m)));
    answer(ctx, records.addClaims(id(ctx), months, caller(ctx)));
  }

  private void firstVisit(RoutingContext ctx) {
    answer(
        ctx,
        Future.succeededFuture(body(ctx))
            .map(b -> date(b, "date"))
            .compose(day -> records.newFirstVisit(id(ctx), day)));
  }

  private void end(RoutingContext ctx) {
    JsonObject body = body(ctx);
    answer(
        ctx,
        Future.succeededFuture(body)
            .map(b -> date(b, "lastVisitDate"))
            .compose(last -> records.end(id(ctx), last, body.getString("reason"), caller(ctx))));
  }

  /** Answers 200 with the relationship once its read is recorded, or the rejection. */
  private void answer(RoutingContext ctx, Future<Relationship> relationship) {
    relationship
        .compose(r -> audited(ctx, r))
        .compose(this::json)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private Future<Relationship> audited(RoutingContext ctx, Relationship r) {
    return audit
        .record(ctx, Purpose.HOME_VISIT, Optional.of(r.chartPatientId()), Optional.empty())
        .map(r);
  }

  /** The relationship with today's eligibility and the latest consent scope reported under it. */
  private Future<JsonObject> json(Relationship r) {
    LocalDate today = homeVisits.today();
    JsonObject json = HomeVisitJson.of(r, homeVisits.eligibility(r, today), today);
    return scopes
        .latestUnder(r.id())
        .map(
            s -> {
              s.ifPresent(x -> json.put("consent", x.scope().toJson()));
              return json;
            });
  }

  private static JsonObject body(RoutingContext ctx) {
    return Requests.body(ctx);
  }

  private static UUID id(RoutingContext ctx) {
    return Requests.pathId(ctx, "relationshipId");
  }

  private static String caller(RoutingContext ctx) {
    return Caller.of(ctx).subject();
  }

  private static LocalDate date(JsonObject body, String field) {
    return RequestDates.realDate(field, body.getString(field));
  }
}
