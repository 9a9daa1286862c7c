package jp.oqsgateway.gateway.http.medinfo;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.YearMonth;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.homevisit.InformationKind;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.medinfo.MedicalInformation;
import jp.oqsgateway.gateway.medinfo.MedicalInformationRetrieval;
import jp.oqsgateway.gateway.medinfo.MedicalInformationStore;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * Drug, clinical and health-check information through the API: retrieving it from OQS ({@code POST
 * /api/v1/patients/{chartPatientId}/medical-information}), reading a stored result and its PDF.
 * Every retrieval (also one refused for want of consent) and every read is recorded in the read
 * audit with the purpose the clinician gave, before anything is sent to OQS or to the caller.
 */
public final class MedicalInformationHandlers {
  private final MedicalInformationRetrieval retrieval;
  private final MedicalInformationStore store;
  private final ReadAudit audit;

  public MedicalInformationHandlers(MedicalInformationRetrieval retrieval, ReadAudit audit) {
    this.retrieval = retrieval;
    this.store = retrieval.store();
    this.audit = audit;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("retrieveMedicalInformation").addHandler(this::retrieve);
    builder.getRoute("getMedicalInformation").addHandler(this::get);
    builder.getRoute("getMedicalInformationPdf").addHandler(this::pdf);
  }

  private void retrieve(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    String patient = Requests.path(ctx, "chartPatientId");
    InformationKind kind = InformationKind.fromWire(body.getString("kind")).orElseThrow();
    MedicalInformationRetrieval.Ask ask =
        new MedicalInformationRetrieval.Ask(
            RowIds.next(),
            patient,
            kind,
            month(body, "fromMonth"),
            month(body, "toMonth"),
            "pdf".equals(body.getString("format")),
            Caller.of(ctx).subject());
    if (ask.from().isPresent()
        && ask.to().isPresent()
        && ask.from().get().isAfter(ask.to().get())) {
      ctx.fail(Rejection.invalid("toMonth", "must not be before fromMonth"));
      return;
    }
    audited(ctx, patient, ask.id(), "retrieve", kind, body.getString("purpose"))
        .compose(v -> retrieval.retrieve(ask))
        .onSuccess(
            m -> Requests.answerAt(ctx, 201, "/api/v1/medical-information/" + m.id(), m.toJson()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    found(ctx)
        .compose(m -> audited(ctx, m, "read").map(m))
        .onSuccess(m -> ctx.json(m.toJson()))
        .onFailure(ctx::fail);
  }

  private void pdf(RoutingContext ctx) {
    found(ctx)
        .compose(m -> audited(ctx, m, "read-pdf").map(m))
        .compose(m -> store.pdf(m.id()))
        .map(pdf -> pdf.orElseThrow(() -> Rejection.notFound(null, "OQS sent no PDF for it")))
        .onSuccess(pdf -> ctx.response().putHeader("Content-Type", "application/pdf").end(pdf))
        .onFailure(ctx::fail);
  }

  private Future<MedicalInformation> found(RoutingContext ctx) {
    UUID id = Requests.pathId(ctx, "informationId");
    return store
        .find(id)
        .map(m -> m.orElseThrow(() -> Rejection.notFound(null, "no such medical information")));
  }

  private Future<Void> audited(RoutingContext ctx, MedicalInformation m, String action) {
    String purpose = Requests.query(ctx, "purpose").orElseThrow();
    return audited(ctx, m.chartPatientId(), m.id(), action, m.kind(), purpose);
  }

  /** The read audit's row, then the purpose beside it: both before anything leaves. */
  private Future<Void> audited(
      RoutingContext ctx,
      String patient,
      UUID id,
      String action,
      InformationKind kind,
      String purpose) {
    String subject = Caller.of(ctx).subject();
    return audit.record(
        ctx,
        Purpose.MEDICAL_INFORMATION,
        Optional.of(patient),
        Optional.empty(),
        requestId -> store.auditPurpose(requestId, subject, patient, id, action, kind, purpose));
  }

  private static Optional<YearMonth> month(JsonObject body, String field) {
    return Optional.ofNullable(body.getString(field)).map(YearMonth::parse);
  }
}
