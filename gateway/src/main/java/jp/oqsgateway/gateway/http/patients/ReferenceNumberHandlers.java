package jp.oqsgateway.gateway.http.patients;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.patients.ReferenceRegistration;
import jp.oqsgateway.gateway.patients.ReferenceRegistrations;
import jp.oqsgateway.gateway.qualification.CheckFailure;

/**
 * {@code POST /api/v1/patients/{chartPatientId}/reference-number} and {@code POST
 * /api/v1/reference-numbers/bulk}: the chart patient id registered as 照会番号; {@code GET
 * /api/v1/reference-registrations/{registrationId}} and {@code GET
 * /api/v1/reference-registrations?bulk=}: the registrations as they are now (the POSTs' {@code
 * Location}); {@code POST /api/v1/reference-registrations/{registrationId}/retry}: a person's retry
 * of a failed one.
 */
public final class ReferenceNumberHandlers {
  private final ReferenceRegistrations references;
  private final ReadAudit audit;
  private final Duration defaultWait;

  public ReferenceNumberHandlers(
      ReferenceRegistrations references, ReadAudit audit, Duration defaultWait) {
    this.references = references;
    this.audit = audit;
    this.defaultWait = defaultWait;
  }

  /** Records the read of each patient's registrations before they are sent. */
  private Future<Void> audited(RoutingContext ctx, List<ReferenceRegistration> rows) {
    return Future.all(
            rows.stream()
                .map(ReferenceRegistration::chartPatientId)
                .distinct()
                .map(
                    p ->
                        audit.record(
                            ctx, Purpose.REFERENCE_REGISTRATION, Optional.of(p), Optional.empty()))
                .toList())
        .mapEmpty();
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("registerReferenceNumber").addHandler(this::single);
    builder.getRoute("registerReferenceNumbers").addHandler(this::bulk);
    builder.getRoute("getReferenceRegistration").addHandler(this::one);
    builder.getRoute("listReferenceRegistrations").addHandler(this::ofBulk);
    builder.getRoute("retryReferenceRegistration").addHandler(this::retry);
  }

  static String location(ReferenceRegistration r) {
    return "/api/v1/reference-registrations/" + r.id();
  }

  static String bulkLocation(UUID bulkId) {
    return "/api/v1/reference-registrations?bulk=" + bulkId;
  }

  private void one(RoutingContext ctx) {
    UUID id = Requests.pathId(ctx, "registrationId");
    references
        .find(id)
        .map(
            found ->
                found.orElseThrow(
                    () ->
                        Rejection.notFound("registrationId", "no 照会番号 registration with this id")))
        .compose(r -> audited(ctx, List.of(r)).map(r))
        .onSuccess(r -> ctx.json(json(r)))
        .onFailure(ctx::fail);
  }

  private void ofBulk(RoutingContext ctx) {
    UUID bulkId = UUID.fromString(Requests.query(ctx, "bulk").orElseThrow());
    references
        .ofBulk(bulkId)
        .compose(
            rows ->
                rows.isEmpty()
                    ? Future.<List<ReferenceRegistration>>failedFuture(
                        Rejection.notFound(
                            "bulk", "no 照会番号 registration was sent by this bulk request"))
                    : audited(ctx, rows).map(rows))
        .onSuccess(
            rows ->
                ctx.json(
                    new JsonObject()
                        .put("bulkId", bulkId.toString())
                        .put(
                            "finished",
                            rows.stream()
                                .noneMatch(r -> r.state() == ReferenceRegistration.State.WAITING))
                        .put("registrations", Requests.array(rows, ReferenceNumberHandlers::json))))
        .onFailure(ctx::fail);
  }

  private void single(RoutingContext ctx) {
    String patient = Requests.path(ctx, "chartPatientId");
    answer(ctx, references.register(patient, caller(ctx), wait(ctx)));
  }

  private void retry(RoutingContext ctx) {
    UUID id = Requests.pathId(ctx, "registrationId");
    answer(ctx, references.retry(id, caller(ctx), wait(ctx)));
  }

  /** 201 registered, 202 still waiting, or the failure as a problem naming the registration. */
  private void answer(RoutingContext ctx, Future<ReferenceRegistration> registration) {
    registration
        .compose(
            r ->
                r.state() == ReferenceRegistration.State.FAILED
                    ? Future.<ReferenceRegistration>failedFuture(failed(r))
                    : audited(ctx, List.of(r)).map(r))
        .onSuccess(
            r ->
                Requests.answerAt(
                    ctx,
                    r.state() == ReferenceRegistration.State.WAITING ? 202 : 201,
                    location(r),
                    json(r)))
        .onFailure(ctx::fail);
  }

  private void bulk(RoutingContext ctx) {
    JsonArray ids = Requests.body(ctx).getJsonArray("chartPatientIds");
    List<String> patients = ids.stream().map(String::valueOf).toList();
    references
        .registerBulk(patients, caller(ctx), wait(ctx))
        .compose(
            b ->
                audited(ctx, b.items().stream().flatMap(i -> i.registration().stream()).toList())
                    .map(b))
        .onSuccess(
            b -> {
              if (b.items().stream().anyMatch(i -> i.registration().isPresent())) {
                ctx.response().putHeader("Location", bulkLocation(b.bulkId()));
              }
              ctx.response()
                  .setStatusCode(b.finished() ? 200 : 202)
                  .putHeader("Content-Type", "application/json")
                  .end(bulkJson(b).encode());
            })
        .onFailure(ctx::fail);
  }

  private static JsonObject bulkJson(ReferenceRegistrations.BulkOutcome b) {
    JsonArray items = new JsonArray();
    for (var item : b.items()) {
      JsonObject o =
          new JsonObject()
              .put("chartPatientId", item.chartPatientId())
              .put("outcome", item.outcome());
      item.registration()
          .ifPresent(
              r -> {
                o.put("registrationId", r.id().toString()).put("linkId", r.linkId().toString());
                r.failure().ifPresent(f -> o.put("failure", f));
                r.processingResultCode().ifPresent(c -> o.put("processingResultCode", c));
              });
      item.detail().ifPresent(d -> o.put("detail", d));
      items.add(o);
    }
    return new JsonObject()
        .put("bulkId", b.bulkId().toString())
        .put("finished", b.finished())
        .put("results", items);
  }

  /**
   * A FAILED registration as a rejection: the kind follows its {@link CheckFailure} (the input the
   * terminal cannot carry, OQS's error or unreadable answer, the link down, no answer in time).
   */
  private static Rejection failed(ReferenceRegistration r) {
    CheckFailure f = r.failure().map(CheckFailure::valueOf).orElse(CheckFailure.OQS_ERROR);
    Rejection.Kind kind = f.kind();
    return Rejection.of(
            kind,
            "reference-" + f.name().toLowerCase(Locale.ROOT).replace('_', '-'),
            f.staffMessage(),
            r.failureDetail().orElse(f.staffMessage()))
        .with(Map.of("registrationId", r.id().toString()));
  }

  private Duration wait(RoutingContext ctx) {
    return Requests.queryInt(ctx, "wait").map(Duration::ofSeconds).orElse(defaultWait);
  }

  private static String caller(RoutingContext ctx) {
    return Caller.of(ctx).subject();
  }

  static JsonObject json(ReferenceRegistration r) {
    JsonObject o =
        new JsonObject()
            .put("id", r.id().toString())
            .put("trigger", r.trigger())
            .put("chartPatientId", r.chartPatientId())
            .put("linkId", r.linkId().toString())
            .put("referenceNumber", r.referenceNumber())
            .put("state", r.state().name());
    r.bulkId().ifPresent(b -> o.put("bulkId", b.toString()));
    r.failure().ifPresent(f -> o.put("failure", f));
    r.failureDetail().ifPresent(d -> o.put("detail", d));
    r.exchangeId().ifPresent(e -> o.put("exchangeId", e.toString()));
    r.downloadExchangeId().ifPresent(e -> o.put("downloadExchangeId", e.toString()));
    r.processingResultCode().ifPresent(c -> o.put("processingResultCode", c));
    o.put("requestedAt", r.requestedAt().toString());
    r.finishedAt().ifPresent(t -> o.put("finishedAt", t.toString()));
    r.retryOf().ifPresent(t -> o.put("retryOf", t.toString()));
    return o;
  }
}
