package jp.oqsgateway.gateway.http.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.homevisit.CareForm;
import jp.oqsgateway.gateway.homevisit.HomeVisitStore;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.homevisit.Relationship;
import jp.oqsgateway.gateway.http.Problems;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.auth.Caller;

/**
 * {@code /api/v1/home-visit-relationships}: recording a continuing home-visit relationship, its
 * claimed months, a new first visit and its end, and reading it with whether a re-inquiry is
 * allowed today. Dates the schema cannot judge (a real date, not in the future, not before the
 * first visit) are refused naming the field. Every answer that carries a relationship is recorded
 * by {@link ReadAudit} before it is sent.
 */
public final class HomeVisitHandlers {
  private final HomeVisits homeVisits;
  private final ReadAudit audit;

  public HomeVisitHandlers(HomeVisits homeVisits, ReadAudit audit) {
    this.homeVisits = homeVisits;
    this.audit = audit;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("createHomeVisitRelationship").addHandler(this::create);
    builder.getRoute("listHomeVisitRelationships").addHandler(this::list);
    builder.getRoute("getHomeVisitRelationship").addHandler(this::get);
    builder.getRoute("recordHomeVisitClaims").addHandler(this::claims);
    builder.getRoute("recordHomeVisitFirstVisit").addHandler(this::firstVisit);
    builder.getRoute("endHomeVisitRelationship").addHandler(this::end);
  }

  /** A field that breaks a rule; a 400 naming it. */
  private static final class InvalidField extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String field;

    InvalidField(String field, String rule) {
      super(field + ": " + rule);
      this.field = field;
    }
  }

  private void create(RoutingContext ctx) {
    JsonObject body = body(ctx);
    LocalDate today = homeVisits.today();
    try {
      LocalDate first = notFuture(date(body, "firstVisitDate"), "firstVisitDate", today);
      CareForm form = CareForm.fromWire(body.getString("careForm")).orElseThrow();
      homeVisits
          .store()
          .create(body.getString("chartPatientId"), form, first, caller(ctx))
          .onSuccess(
              change -> {
                Relationship r = change.relationship().orElseThrow();
                if (change.status() == HomeVisitStore.Status.EXISTS) {
                  Problems.send(
                      ctx,
                      Problems.of(
                              409,
                              "home-visit-relationship-exists",
                              "Relationship exists",
                              "the patient has an active relationship for this care form; record a"
                                  + " new first visit on it, or end it first",
                              "careForm")
                          .put("relationshipId", r.id().toString()));
                  return;
                }
                audited(ctx, r.chartPatientId())
                    .onSuccess(
                        v ->
                            ctx.response()
                                .setStatusCode(201)
                                .putHeader("Location", HomeVisitJson.location(r))
                                .putHeader("Content-Type", "application/json")
                                .end(json(r).encode()))
                    .onFailure(ctx::fail);
              })
          .onFailure(ctx::fail);
    } catch (InvalidField e) {
      invalid(ctx, e);
    }
  }

  private void list(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String patient = request.getQuery().get("chartPatientId").getString();
    homeVisits
        .store()
        .ofPatient(patient)
        .compose(all -> audited(ctx, patient).map(all))
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.forEach(r -> items.add(json(r)));
              ctx.json(new JsonObject().put("chartPatientId", patient).put("relationships", items));
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    homeVisits
        .store()
        .find(id(ctx))
        .onSuccess(found -> found.ifPresentOrElse(r -> send(ctx, r), () -> notFound(ctx)))
        .onFailure(ctx::fail);
  }

  private void claims(RoutingContext ctx) {
    UUID id = id(ctx);
    List<YearMonth> months = new ArrayList<>();
    body(ctx).getJsonArray("months").forEach(m -> months.add(YearMonth.parse((String) m)));
    YearMonth now = YearMonth.from(homeVisits.today());
    if (months.stream().anyMatch(m -> m.isAfter(now))) {
      invalid(ctx, new InvalidField("months", "must not be after the current month " + now));
      return;
    }
    homeVisits
        .store()
        .find(id)
        .compose(
            found -> {
              if (found.isPresent()) {
                YearMonth first = YearMonth.from(found.get().firstVisitDate());
                Optional<YearMonth> early =
                    months.stream().filter(m -> m.isBefore(first)).findFirst();
                if (early.isPresent()) {
                  throw new InvalidField(
                      "months", "must not be before the first visit's month " + first);
                }
              }
              return homeVisits.store().addClaims(id, months, caller(ctx));
            })
        .onSuccess(change -> answer(ctx, change))
        .onFailure(e -> fail(ctx, e));
  }

  private void firstVisit(RoutingContext ctx) {
    try {
      LocalDate day = notFuture(date(body(ctx), "date"), "date", homeVisits.today());
      homeVisits
          .store()
          .newFirstVisit(id(ctx), day)
          .onSuccess(change -> answer(ctx, change))
          .onFailure(ctx::fail);
    } catch (InvalidField e) {
      invalid(ctx, e);
    }
  }

  private void end(RoutingContext ctx) {
    UUID id = id(ctx);
    JsonObject body = body(ctx);
    try {
      LocalDate last = date(body, "lastVisitDate");
      homeVisits
          .store()
          .find(id)
          .compose(
              found -> {
                if (found.isPresent()
                    && found.get().active()
                    && last.isBefore(found.get().firstVisitDate())) {
                  throw new InvalidField(
                      "lastVisitDate",
                      "must not be before the first visit " + found.get().firstVisitDate());
                }
                return homeVisits.store().end(id, last, body.getString("reason"), caller(ctx));
              })
          .onSuccess(change -> answer(ctx, change))
          .onFailure(e -> fail(ctx, e));
    } catch (InvalidField e) {
      invalid(ctx, e);
    }
  }

  private void answer(RoutingContext ctx, HomeVisitStore.Change change) {
    switch (change.status()) {
      case NOT_FOUND -> notFound(ctx);
      case ENDED ->
          Problems.send(
              ctx,
              Problems.of(
                  409,
                  "home-visit-relationship-ended",
                  "Relationship ended",
                  "the relationship ended on "
                      + change.relationship().flatMap(Relationship::endedOn).orElseThrow()
                      + "; record a new relationship for new care",
                  null));
      default -> send(ctx, change.relationship().orElseThrow());
    }
  }

  /** Answers 200 with the relationship, once its read is recorded. */
  private void send(RoutingContext ctx, Relationship r) {
    audited(ctx, r.chartPatientId()).onSuccess(v -> ctx.json(json(r))).onFailure(ctx::fail);
  }

  private Future<Void> audited(RoutingContext ctx, String chartPatientId) {
    return audit.record(ctx, Purpose.HOME_VISIT, Optional.of(chartPatientId), Optional.empty());
  }

  private JsonObject json(Relationship r) {
    LocalDate today = homeVisits.today();
    return HomeVisitJson.of(r, homeVisits.eligibility(r, today), today);
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof InvalidField f) {
      invalid(ctx, f);
    } else {
      ctx.fail(e);
    }
  }

  private static void invalid(RoutingContext ctx, InvalidField e) {
    Problems.send(
        ctx, Problems.of(400, "invalid-field", "Invalid request", e.getMessage(), e.field));
  }

  private static void notFound(RoutingContext ctx) {
    Problems.send(ctx, Problems.notFound("no such home-visit relationship", null));
  }

  private static JsonObject body(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    return request.getBody().getJsonObject();
  }

  private static UUID id(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    return UUID.fromString(request.getPathParameters().get("relationshipId").getString());
  }

  private static String caller(RoutingContext ctx) {
    return Caller.of(ctx).subject();
  }

  private static LocalDate date(JsonObject body, String field) {
    try {
      return LocalDate.parse(body.getString(field));
    } catch (DateTimeParseException e) {
      throw new InvalidField(field, "must be a real date YYYY-MM-DD");
    }
  }

  private static LocalDate notFuture(LocalDate day, String field, LocalDate today) {
    if (day.isAfter(today)) {
      throw new InvalidField(field, "must not be in the future (today is " + today + ")");
    }
    return day;
  }
}
