package jp.oqsgateway.gateway.http.patients;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.RequestDates;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.patients.LinkOutcome;
import jp.oqsgateway.gateway.patients.PatientLink;
import jp.oqsgateway.gateway.patients.PatientQualifications;
import jp.oqsgateway.gateway.patients.ReferenceRegistrations;

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
    Future.succeededFuture(request)
        .map(r -> query(r, "asOf").map(raw -> RequestDates.realDate("asOf", raw)))
        .compose(asOf -> patients.latest(patient, asOf, source))
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
        .onFailure(ctx::fail);
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
        .onFailure(ctx::fail);
  }

  /** 201 with a new link (and its automatic 照会番号 registration), 200 when it existed. */
  private void link(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String patient = patientId(request);
    UUID checkId = UUID.fromString(request.getPathParameters().get("id").getString());
    patients
        .link(patient, checkId, Caller.of(ctx).subject())
        .compose(
            outcome -> {
              if (outcome instanceof LinkOutcome.Created c) {
                references.onLinkCreated(c.link());
              }
              PatientLink link = linkOf(outcome);
              // The link carries the qualification's numbers: its read is recorded first.
              return audit
                  .record(
                      ctx,
                      Purpose.LINKS,
                      Optional.of(link.chartPatientId()),
                      Optional.of(link.checkId()))
                  .map(outcome);
            })
        .onSuccess(
            outcome ->
                ctx.response()
                    .setStatusCode(outcome instanceof LinkOutcome.Created ? 201 : 200)
                    .putHeader("Location", PatientJson.location(linkOf(outcome)))
                    .putHeader("Content-Type", "application/json")
                    .end(PatientJson.link(linkOf(outcome)).encode()))
        .onFailure(ctx::fail);
  }

  /** The link of a successful outcome (another patient's hold is a rejection). */
  private static PatientLink linkOf(LinkOutcome outcome) {
    return outcome instanceof LinkOutcome.Created c
        ? c.link()
        : ((LinkOutcome.AlreadyLinked) outcome).link();
  }

  private void unlink(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    String patient = patientId(request);
    UUID linkId = UUID.fromString(request.getPathParameters().get("id").getString());
    patients
        .unlink(patient, linkId, Caller.of(ctx).subject())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
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
        .onFailure(ctx::fail);
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
        .onFailure(ctx::fail);
  }

  private static String patientId(ValidatedRequest request) {
    return request.getPathParameters().get("chartPatientId").getString();
  }

  private static Optional<String> query(ValidatedRequest request, String name) {
    var v = request.getQuery().get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.getString());
  }
}
