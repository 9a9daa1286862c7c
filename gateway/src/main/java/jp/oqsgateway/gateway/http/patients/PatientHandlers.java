package jp.oqsgateway.gateway.http.patients;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.http.Problems;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.patients.LinkOutcome;
import jp.oqsgateway.gateway.patients.PatientQualifications;
import jp.oqsgateway.gateway.patients.ReferenceRegistrations;
import jp.oqsgateway.gateway.patients.Refusal;

/**
 * The chart patient's side of qualifications: latest qualification, links, candidates for card
 * readings, and the insurance diff. Every read is recorded by {@link ReadAudit} before it is sent.
 */
public final class PatientHandlers {
  private final PatientQualifications patients;
  private final ReadAudit audit;
  private final ReferenceRegistrations references;

  public PatientHandlers(
      PatientQualifications patients, ReadAudit audit, ReferenceRegistrations references) {
    this.patients = patients;
    this.audit = audit;
    this.references = references;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("getLatestQualification").addHandler(this::latest);
    builder.getRoute("listPatientLinks").addHandler(this::links);
    builder.getRoute("linkQualification").addHandler(this::link);
    builder.getRoute("unlinkQualification").addHandler(this::unlink);
    builder.getRoute("getCheckCandidates").addHandler(this::candidates);
    builder.getRoute("compareInsurance").addHandler(this::compare);
  }

  private void latest(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String patient = patientId(request);
    Optional<String> source = query(request, "source");
    Optional<LocalDate> asOf;
    try {
      asOf = query(request, "asOf").map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      refuse(
          ctx,
          new Refusal(
              400,
              "invalid-field",
              "Invalid request",
              "asOf: must be a real date YYYY-MM-DD",
              "asOf"));
      return;
    }
    patients
        .latest(patient, asOf, source)
        .compose(
            latest ->
                audit
                    .record(
                        ctx,
                        Purpose.LATEST_QUALIFICATION,
                        Optional.of(patient),
                        Optional.of(latest.check().id()))
                    .map(latest))
        .onSuccess(latest -> ctx.json(PatientJson.latest(patient, latest)))
        .onFailure(e -> fail(ctx, e));
  }

  private void links(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String patient = patientId(request);
    audit
        .record(ctx, Purpose.LINKS, Optional.of(patient), Optional.empty())
        .compose(v -> patients.links(patient))
        .onSuccess(
            list -> {
              JsonArray items = new JsonArray();
              list.forEach(l -> items.add(PatientJson.link(l)));
              ctx.json(new JsonObject().put("chartPatientId", patient).put("links", items));
            })
        .onFailure(e -> fail(ctx, e));
  }

  private void link(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String patient = patientId(request);
    UUID checkId = UUID.fromString(request.getPathParameters().get("id").getString());
    patients
        .link(patient, checkId, Caller.of(ctx).subject())
        .onSuccess(
            outcome -> {
              if (outcome instanceof LinkOutcome.Created c) {
                references.onLinkCreated(c.link());
                send(ctx, 201, c.link());
              } else if (outcome instanceof LinkOutcome.AlreadyLinked a) {
                send(ctx, 200, a.link());
              } else if (outcome instanceof LinkOutcome.HeldByAnother h) {
                JsonObject problem =
                    Problems.of(
                            409,
                            "linked-to-another-patient",
                            "Linked to another patient",
                            "this qualification is linked to chart patient "
                                + h.otherChartPatientId()
                                + "; unlink it there first",
                            "id")
                        .put("chartPatientId", patient)
                        .put("linkedChartPatientId", h.otherChartPatientId())
                        .put("checkId", checkId.toString());
                h.linkId().ifPresent(id -> problem.put("linkId", id.toString()));
                Problems.send(ctx, problem);
              }
            })
        .onFailure(e -> fail(ctx, e));
  }

  /** Answers with the link (it carries the qualification's numbers), once the read is recorded. */
  private void send(
      RoutingContext ctx, int status, jp.oqsgateway.gateway.patients.PatientLink link) {
    audit
        .record(ctx, Purpose.LINKS, Optional.of(link.chartPatientId()), Optional.of(link.checkId()))
        .onSuccess(
            v ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("Location", PatientJson.location(link))
                    .putHeader("Content-Type", "application/json")
                    .end(PatientJson.link(link).encode()))
        .onFailure(ctx::fail);
  }

  private void unlink(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String patient = patientId(request);
    UUID linkId = UUID.fromString(request.getPathParameters().get("id").getString());
    patients
        .unlink(patient, linkId, Caller.of(ctx).subject())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> fail(ctx, e));
  }

  private void candidates(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    UUID checkId = UUID.fromString(request.getPathParameters().get("checkId").getString());
    patients
        .candidates(checkId)
        .compose(
            c ->
                audit
                    .record(ctx, Purpose.CANDIDATES, Optional.empty(), Optional.of(checkId))
                    .map(c))
        .onSuccess(c -> ctx.json(PatientJson.candidates(c)))
        .onFailure(e -> fail(ctx, e));
  }

  private void compare(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String patient = patientId(request);
    Future.succeededFuture(request.getBody().getJsonObject())
        .map(ChartRecordJson::from)
        .compose(chart -> patients.compare(patient, chart))
        .compose(
            c ->
                audit
                    .record(ctx, Purpose.DIFF, Optional.of(patient), Optional.of(c.check().id()))
                    .map(c))
        .onSuccess(c -> ctx.json(DiffJson.of(patient, c)))
        .onFailure(e -> fail(ctx, e));
  }

  private static String patientId(ValidatedRequest request) {
    return request.getPathParameters().get("chartPatientId").getString();
  }

  private static Optional<String> query(ValidatedRequest request, String name) {
    var v = request.getQuery().get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.getString());
  }

  static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof Refusal r) {
      refuse(ctx, r);
    } else {
      ctx.fail(e);
    }
  }

  private static void refuse(RoutingContext ctx, Refusal r) {
    JsonObject problem = Problems.of(r.status(), r.slug(), r.title(), r.getMessage(), r.field());
    r.extra().forEach(problem::put);
    Problems.send(ctx, problem);
  }
}
