package jp.oqsgateway.gateway.http.patients;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.RequestDates;
import jp.oqsgateway.gateway.http.Requests;
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
    String patient = patientId(ctx);
    Optional<String> source = Requests.query(ctx, "source");
    Future.succeededFuture(ctx)
        .map(c -> Requests.query(c, "asOf").map(raw -> RequestDates.realDate("asOf", raw)))
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
    String patient = patientId(ctx);
    audit
        .record(ctx, Purpose.LINKS, Optional.of(patient), Optional.empty())
        .compose(v -> patients.links(patient))
        .onSuccess(
            list ->
                ctx.json(
                    new JsonObject()
                        .put("chartPatientId", patient)
                        .put("links", Requests.array(list, PatientJson::link))))
        .onFailure(ctx::fail);
  }

  /** 201 with a new link (and its automatic 照会番号 registration), 200 when it existed. */
  private void link(RoutingContext ctx) {
    String patient = patientId(ctx);
    UUID checkId = Requests.pathId(ctx, "id");
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
                Requests.answerAt(
                    ctx,
                    outcome instanceof LinkOutcome.Created ? 201 : 200,
                    PatientJson.location(linkOf(outcome)),
                    PatientJson.link(linkOf(outcome))))
        .onFailure(ctx::fail);
  }

  /** The link of a successful outcome (another patient's hold is a rejection). */
  private static PatientLink linkOf(LinkOutcome outcome) {
    return outcome instanceof LinkOutcome.Created c
        ? c.link()
        : ((LinkOutcome.AlreadyLinked) outcome).link();
  }

  private void unlink(RoutingContext ctx) {
    String patient = patientId(ctx);
    UUID linkId = Requests.pathId(ctx, "id");
    patients
        .unlink(patient, linkId, Caller.of(ctx).subject())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void candidates(RoutingContext ctx) {
    UUID checkId = Requests.pathId(ctx, "checkId");
    patients
        .candidates(checkId)
        .compose(
            c ->
                audit
                    .recordPatients(
                        ctx, Purpose.CANDIDATES, c.chartPatientIds(), Optional.of(checkId))
                    .map(c))
        .onSuccess(c -> ctx.json(PatientJson.candidates(c)))
        .onFailure(ctx::fail);
  }

  private void compare(RoutingContext ctx) {
    String patient = patientId(ctx);
    Future.succeededFuture(Requests.body(ctx))
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

  private static String patientId(RoutingContext ctx) {
    return Requests.path(ctx, "chartPatientId");
  }
}
