package jp.oqsgateway.gateway.http.patients;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.patients.PatientQualifications;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.reception.ChartRecords;

/**
 * The chart's current insurance record of a patient, stored by the chart ({@code PUT
 * /patients/{id}/chart-insurance-record}), and the diff of one check's answer against it ({@code
 * GET /qualification-checks/{id}/insurance-diff}): what a desk's screen shows for every answered
 * check with a patient. The diff is recorded by {@link ReadAudit} before it is sent.
 */
public final class ChartRecordHandlers {
  private final ChartRecords records;
  private final PatientQualifications patients;
  private final ReadAudit audit;

  public ChartRecordHandlers(
      ChartRecords records, PatientQualifications patients, ReadAudit audit) {
    this.records = records;
    this.patients = patients;
    this.audit = audit;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("storeChartInsuranceRecord").addHandler(this::store);
    builder.getRoute("getCheckInsuranceDiff").addHandler(this::diff);
  }

  /** 204: nothing patient-related is sent back. Validated as the diff's body is. */
  private void store(RoutingContext ctx) {
    String patient = Requests.path(ctx, "chartPatientId");
    JsonObject body = Requests.body(ctx);
    Future.succeededFuture(body)
        .map(ChartRecordJson::from)
        .compose(valid -> records.store(patient, body, Caller.of(ctx).subject()))
        .onSuccess(created -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void diff(RoutingContext ctx) {
    UUID checkId = Requests.pathId(ctx, "checkId");
    Caller caller = Caller.of(ctx);
    patients
        .answered(checkId)
        .compose(
            check -> {
              caller.requireDeskOf(check.desk());
              String patient =
                  check
                      .chartPatientId()
                      .orElseThrow(
                          () ->
                              Rejection.conflict(
                                      "check-not-assigned",
                                      "Check not assigned",
                                      "the check belongs to no chart patient yet: link it first")
                                  .onField("checkId"));
              return records
                  .of(patient)
                  .map(found -> found.orElseThrow(ChartRecordHandlers::noRecord))
                  .compose(record -> patients.compare(check, ChartRecordJson.from(record)))
                  .compose(c -> audited(ctx, check, patient).map(c))
                  .map(c -> DiffJson.of(patient, c));
            })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private Future<Void> audited(RoutingContext ctx, QualificationCheck check, String patient) {
    return audit.record(ctx, Purpose.DIFF, Optional.of(patient), Optional.of(check.id()));
  }

  private static Rejection noRecord() {
    return Rejection.of(
            Rejection.Kind.NOT_FOUND,
            "no-chart-record",
            "No chart record",
            "the chart stored no insurance record for this patient (PUT"
                + " /api/v1/patients/{chartPatientId}/chart-insurance-record)")
        .onField("chartPatientId");
  }
}
