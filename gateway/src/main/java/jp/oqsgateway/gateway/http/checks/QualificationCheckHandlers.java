package jp.oqsgateway.gateway.http.checks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.homevisit.HomeVisitMetrics;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.homevisit.ReinquiryPlan;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.Requests;
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
    JsonObject body = Requests.body(ctx);
    Duration wait = Requests.queryInt(ctx, "wait").map(Duration::ofSeconds).orElse(defaultWait);
    String caller = Caller.of(ctx).subject();
    available()
        .compose(v -> parse(body))
        .compose(r -> "home-visit".equals(body.getString("treatment")) ? reinquiry(r) : ok(r))
        .compose(r -> checks.createAndAwait(r, "api", caller, wait))
        .compose(check -> respond(ctx, check))
        .onFailure(ctx::fail);
  }

  private Future<Void> available() {
    return checks
        .unavailableReason()
        .<Future<Void>>map(
            reason ->
                Future.failedFuture(
                    Rejection.of(
                        Rejection.Kind.UNAVAILABLE,
                        "not-configured",
                        "Checks unavailable",
                        reason)))
        .orElseGet(Future::succeededFuture);
  }

  private Future<CheckRequest> parse(JsonObject body) {
    try {
      return ok(CheckRequests.from(body, zone));
    } catch (Rejection e) {
      return Future.failedFuture(e);
    }
  }

  private static <T> Future<T> ok(T value) {
    return Future.succeededFuture(value);
  }

  /** The re-inquiry to send, or a 409 rejection saying why none may be sent. */
  private Future<CheckRequest> reinquiry(CheckRequest request) {
    if (request.chartPatientId().isEmpty()) {
      return Future.failedFuture(
          Rejection.invalid(
              "chartPatientId",
              "is required for treatment home-visit (the relationship is the patient's)"));
    }
    if (request.insuredBranchNumber().isEmpty()
        && ReinquiryPlan.branchRequired(request.insurerNumber())) {
      homeVisitMetrics.decided("api", ReinquiryPlan.BRANCH_MISSING);
      return Future.failedFuture(
          Rejection.invalid(
              "insuredBranchNumber",
              "is required for treatment home-visit, except for 後期高齢者医療 (法別39) and 生活保護"
                  + " (法別12)"));
    }
    return homeVisits
        .decide(request.chartPatientId().get(), request.confirmationDate())
        .compose(
            decision -> {
              if (decision.relationship().isEmpty()) {
                homeVisitMetrics.decided("api", "no-relationship");
                return Future.failedFuture(
                    Rejection.conflict(
                            "no-home-visit-relationship",
                            "No home-visit relationship",
                            "the patient has no home-visit relationship: record the first visit at"
                                + " home (POST /api/v1/home-visit-relationships) or check as an"
                                + " outpatient")
                        .onField("treatment"));
              }
              var eligibility = decision.eligibility().orElseThrow();
              if (!eligibility.eligible()) {
                homeVisitMetrics.decided("api", eligibility.reason().wire());
                return Future.failedFuture(
                    Rejection.conflict(
                            "reinquiry-not-eligible",
                            eligibility.reason().staffMessage(),
                            "no re-inquiry on "
                                + request.confirmationDate()
                                + ": "
                                + eligibility.reason().wire())
                        .onField("treatment")
                        .with("relationshipId", decision.relationship().get().id().toString())
                        .with("reinquiry", eligibility.toJson()));
              }
              homeVisitMetrics.decided("api", "sent");
              return ok(request.asReinquiry(decision.relationship().get().id()));
            });
  }

  /**
   * 201 answered, 202 still waiting, 200 a stale answer served (queued); a failed check, or one
   * queued with no earlier answer to serve, as its rejection. Each names the check's location.
   */
  private Future<Void> respond(RoutingContext ctx, QualificationCheck check) {
    ctx.response().putHeader("Location", CheckJson.location(check));
    if (check.state() == CheckState.FAILED && check.failure().isPresent()) {
      var failure = check.failure().get();
      return Future.failedFuture(
          failure
              .rejection("check-", check.failureDetail().orElse(failure.staffMessage()))
              .with("checkId", check.id().toString()));
    }
    if (check.state() == CheckState.STALE_QUEUED && check.stale().isEmpty()) {
      // OQS unreachable and nothing known about this patient: 503, but the check stays queued.
      return Future.failedFuture(
          Rejection.of(
                  Rejection.Kind.UNAVAILABLE,
                  "check-oqs-unreachable",
                  CheckFailure.LINK_DOWN.staffMessage(),
                  "OQS is unreachable and no earlier answer is known; the check is queued and"
                      + " re-run automatically when the terminal answers again")
              .with("checkId", check.id().toString())
              .with("oqsUnreachable", true)
              .with("guidance", StaleGuidance.TEXT));
    }
    int status =
        switch (check.state()) {
          case WAITING -> 202;
          case STALE_QUEUED -> 200;
          default -> 201;
        };
    // The answer carries the check (and, once answered or stale, the qualification): recorded
    // first.
    return audit
        .record(ctx, Purpose.CHECK_CREATED, check.chartPatientId(), Optional.of(check.id()))
        .compose(
            recorded ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(CheckJson.of(check).encode()));
  }

  /** A check; a desk's token reads only its desk's checks. */
  private void get(RoutingContext ctx) {
    UUID id = Requests.pathId(ctx, "checkId");
    Caller caller = Caller.of(ctx);
    checks
        .find(id)
        .map(
            found ->
                found.orElseThrow(() -> Rejection.notFound("checkId", "no check with this id")))
        .compose(
            check -> {
              caller.requireDeskOf(check.desk());
              return Future.succeededFuture(check);
            })
        .compose(
            check ->
                audit
                    .record(ctx, Purpose.CHECK, check.chartPatientId(), Optional.of(id))
                    .compose(recorded -> ctx.json(CheckJson.of(check))))
        .onFailure(ctx::fail);
  }
}
