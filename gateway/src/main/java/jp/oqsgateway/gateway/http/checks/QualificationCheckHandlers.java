package jp.oqsgateway.gateway.http.checks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.homevisit.HomeVisitMetrics;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.http.Problems;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.qualification.CheckFailure;
import jp.oqsgateway.gateway.qualification.CheckRequest;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.QualificationChecks;
import jp.oqsgateway.gateway.qualification.StaleGuidance;

/**
 * {@code POST /api/v1/qualification-checks} and {@code GET /api/v1/qualification-checks/{id}}. A
 * check with {@code treatment: home-visit} is the re-inquiry, sent only when the patient's
 * home-visit relationship allows it on the confirmation date.
 */
public final class QualificationCheckHandlers {
  private final QualificationChecks checks;
  private final ZoneId zone;
  private final Duration defaultWait;
  private final ReadAudit audit;
  private final HomeVisits homeVisits;
  private final HomeVisitMetrics homeVisitMetrics;

  public QualificationCheckHandlers(
      QualificationChecks checks,
      ZoneId zone,
      Duration defaultWait,
      ReadAudit audit,
      HomeVisits homeVisits,
      HomeVisitMetrics homeVisitMetrics) {
    this.checks = checks;
    this.homeVisits = homeVisits;
    this.homeVisitMetrics = homeVisitMetrics;
    this.audit = audit;
    this.zone = zone;
    this.defaultWait = defaultWait;
  }

  /** Registers the operations on the router builder. */
  public void register(RouterBuilder builder) {
    builder.getRoute("createQualificationCheck").addHandler(this::create);
    builder.getRoute("getQualificationCheck").addHandler(this::get);
  }

  private void create(RoutingContext ctx) {
    var unavailable = checks.unavailableReason();
    if (unavailable.isPresent()) {
      Problems.send(
          ctx, Problems.of(503, "not-configured", "Checks unavailable", unavailable.get(), null));
      return;
    }
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    JsonObject body = request.getBody().getJsonObject();
    var waitParam = request.getQuery().get("wait");
    Duration wait =
        waitParam == null || waitParam.isNull()
            ? defaultWait
            : Duration.ofSeconds(waitParam.getInteger());
    String caller = Caller.of(ctx).subject();
    try {
      var checkRequest = CheckRequests.from(body, zone);
      boolean reinquiry = "home-visit".equals(body.getString("treatment"));
      if (reinquiry && checkRequest.chartPatientId().isEmpty()) {
        throw new CheckRequests.InvalidField(
            "chartPatientId",
            "is required for treatment home-visit (the relationship is the patient's)");
      }
      (reinquiry ? reinquiry(ctx, checkRequest) : Future.succeededFuture(Optional.of(checkRequest)))
          .onSuccess(
              toSend ->
                  toSend.ifPresent(
                      r ->
                          checks
                              .create(r, "api", caller)
                              .compose(created -> checks.awaitFinal(created, wait))
                              .onSuccess(check -> respond(ctx, check))
                              .onFailure(ctx::fail)))
          .onFailure(ctx::fail);
    } catch (CheckRequests.InvalidField e) {
      Problems.send(
          ctx, Problems.of(400, "invalid-field", "Invalid request", e.getMessage(), e.field));
    }
  }

  /** The re-inquiry to send, or empty after answering 409 with why none may be sent. */
  private Future<Optional<CheckRequest>> reinquiry(RoutingContext ctx, CheckRequest request) {
    String patient = request.chartPatientId().orElseThrow();
    return homeVisits
        .decide(patient, request.confirmationDate())
        .map(
            decision -> {
              if (decision.relationship().isEmpty()) {
                homeVisitMetrics.decided("api", "no-relationship");
                Problems.send(
                    ctx,
                    Problems.of(
                        409,
                        "no-home-visit-relationship",
                        "No home-visit relationship",
                        "the patient has no home-visit relationship: record the first visit at home"
                            + " (POST /api/v1/home-visit-relationships) or check as an outpatient",
                        "treatment"));
                return Optional.empty();
              }
              var eligibility = decision.eligibility().orElseThrow();
              if (!eligibility.eligible()) {
                homeVisitMetrics.decided("api", eligibility.reason().wire());
                Problems.send(
                    ctx,
                    Problems.of(
                            409,
                            "reinquiry-not-eligible",
                            eligibility.reason().staffMessage(),
                            "no re-inquiry on "
                                + request.confirmationDate()
                                + ": "
                                + eligibility.reason().wire(),
                            "treatment")
                        .put("relationshipId", decision.relationship().get().id().toString())
                        .put("reinquiry", eligibility.toJson()));
                return Optional.empty();
              }
              homeVisitMetrics.decided("api", "sent");
              return Optional.of(request.asReinquiry(decision.relationship().get().id()));
            });
  }

  private void respond(RoutingContext ctx, QualificationCheck check) {
    if (check.state() == CheckState.FAILED && check.failure().isPresent()) {
      var failure = check.failure().get();
      JsonObject problem =
          Problems.of(
                  failure.httpStatus(),
                  "check-" + failure.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                  failure.staffMessage(),
                  check.failureDetail().orElse(failure.staffMessage()),
                  failure.httpStatus() == 400 ? "request" : null)
              .put("checkId", check.id().toString());
      ctx.response().putHeader("Location", CheckJson.location(check));
      Problems.send(ctx, problem);
      return;
    }
    if (check.state() == CheckState.STALE_QUEUED && check.stale().isEmpty()) {
      // OQS unreachable and nothing known about this patient: 503, but the check stays queued.
      JsonObject problem =
          Problems.of(
                  503,
                  "check-oqs-unreachable",
                  CheckFailure.LINK_DOWN.staffMessage(),
                  "OQS is unreachable and no earlier answer is known; the check is queued and"
                      + " re-run automatically when the terminal answers again",
                  null)
              .put("checkId", check.id().toString())
              .put("oqsUnreachable", true)
              .put("guidance", StaleGuidance.TEXT);
      ctx.response().putHeader("Location", CheckJson.location(check));
      Problems.send(ctx, problem);
      return;
    }
    // 201 answered (or failed-free final), 202 still waiting, 200 a stale answer served (queued).
    int status =
        switch (check.state()) {
          case WAITING -> 202;
          case STALE_QUEUED -> 200;
          default -> 201;
        };
    // The answer carries the check (and, once answered or stale, the qualification): recorded
    // first.
    audit
        .record(ctx, Purpose.CHECK_CREATED, check.chartPatientId(), Optional.of(check.id()))
        .onSuccess(
            recorded ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("Location", CheckJson.location(check))
                    .putHeader("Content-Type", "application/json")
                    .end(CheckJson.of(check).encode()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    UUID id = UUID.fromString(request.getPathParameters().get("checkId").getString());
    checks
        .find(id)
        .compose(
            found ->
                found.isEmpty()
                    ? Future.succeededFuture(found)
                    : audit
                        .record(ctx, Purpose.CHECK, found.get().chartPatientId(), Optional.of(id))
                        .map(found))
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    check -> ctx.json(CheckJson.of(check)),
                    () ->
                        Problems.send(ctx, Problems.notFound("no check with this id", "checkId"))))
        .onFailure(ctx::fail);
  }
}
