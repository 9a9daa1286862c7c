package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import jp.oqsgateway.gateway.audit.AuditStore;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.logging.RequestIds;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/**
 * Records every read of qualification or consent data (who, with which roles, which patient or
 * check, why, when, under which request id) before the data is sent: a read that cannot be recorded
 * is not served (the handler fails the request instead). Which operations must record is declared
 * in the API document ({@code x-audit-purpose}) and checked by a test.
 */
public final class ReadAudit {
  /** Why data was read: the operation that served it. */
  public enum Purpose {
    CHECK("check"),
    LATEST_QUALIFICATION("latest-qualification"),
    LINKS("links"),
    CANDIDATES("candidates"),
    DIFF("diff"),
    REFERENCE_REGISTRATION("reference-registration"),
    /** A check's answer (or its stale stand-in) in the response to the request that created it. */
    CHECK_CREATED("check-created"),
    /** Checks listed (one record per check shown). */
    CHECK_LIST("check-list"),
    /** A desk's state: its recent checks and unassigned readings (one record per check shown). */
    DESK_STATE("desk-state"),
    /** A home-visit relationship (the patient's continuing care at home and its re-inquiries). */
    HOME_VISIT("home-visit"),
    /**
     * Drug, clinical or health-check information retrieved or read; the clinician's purpose is kept
     * beside it ({@code audit_medical_information}).
     */
    MEDICAL_INFORMATION("medical-information"),
    /** Check data pushed to a webhook subscriber (not an API read: see {@code DeliveryAudit}). */
    WEBHOOK_DELIVERY("webhook-delivery"),
    /**
     * An event naming a check or a patient shown on a live connection (see {@code LivePushAudit}).
     */
    LIVE_PUSH("live-push"),
    /** A job's items that name patients listed (one record per item shown). */
    JOB_ITEMS("job-items");

    private final String value;

    Purpose(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }

    /** The purpose named {@code value} (as in the API document's {@code x-audit-purpose}). */
    public static java.util.Optional<Purpose> fromValue(String value) {
      return java.util.Arrays.stream(values()).filter(p -> p.value.equals(value)).findFirst();
    }
  }

  private final AuditStore store;

  public ReadAudit(AuditStore store) {
    this.store = store;
  }

  /** What one row of a read names: a patient, a check, or both. */
  public record Shown(Optional<String> chartPatientId, Optional<UUID> checkId) {}

  /**
   * One record per patient or check shown, in order, all in the audit's group commit at once; any
   * that cannot be recorded fails the read.
   */
  public Future<Void> recordAll(RoutingContext ctx, Purpose purpose, List<Shown> shown) {
    List<Future<Void>> rows = new ArrayList<>(shown.size());
    shown.forEach(s -> rows.add(record(ctx, purpose, s.chartPatientId(), s.checkId())));
    return Future.all(rows).mapEmpty();
  }

  /**
   * One record per patient shown (with the check they were shown for, if any), in one group commit;
   * a search that showed nobody is recorded once, without a patient.
   */
  public Future<Void> recordPatients(
      RoutingContext ctx, Purpose purpose, List<String> patients, Optional<UUID> checkId) {
    if (patients.isEmpty()) {
      return record(ctx, purpose, Optional.empty(), checkId);
    }
    return recordAll(
        ctx, purpose, patients.stream().map(p -> new Shown(Optional.of(p), checkId)).toList());
  }

  /** One record per check shown (with its patient), as {@link #recordAll}. */
  public Future<Void> recordEach(
      RoutingContext ctx, Purpose purpose, List<QualificationCheck> checks) {
    return recordAll(
        ctx,
        purpose,
        checks.stream().map(c -> new Shown(c.chartPatientId(), Optional.of(c.id()))).toList());
  }

  public Future<Void> record(
      RoutingContext ctx,
      Purpose purpose,
      Optional<String> chartPatientId,
      Optional<UUID> checkId) {
    return record(ctx, purpose, chartPatientId, checkId, requestId -> Future.succeededFuture());
  }

  /**
   * Records the read, then {@code beside} with the same request id (what a purpose keeps in a table
   * of its own, e.g. the clinician's reason for reading medical information); a failure of either
   * fails the read as unrecorded.
   */
  public Future<Void> record(
      RoutingContext ctx,
      Purpose purpose,
      Optional<String> chartPatientId,
      Optional<UUID> checkId,
      Function<String, Future<Void>> beside) {
    Caller caller = Caller.of(ctx);
    List<String> roles = caller.roles().stream().map(Role::claimValue).sorted().toList();
    String requestId =
        Optional.<String>ofNullable(ctx.get(RequestLogHandler.REQUEST_ID_KEY))
            .orElseGet(RequestIds::newId);
    return store
        .record(
            new AuditStore.Entry(
                caller.subject(),
                roles,
                purpose.value(),
                chartPatientId,
                checkId,
                requestId,
                Optional.ofNullable(ctx.get(RequestLogHandler.CLIENT_REQUEST_ID_KEY)),
                Optional.empty(),
                Optional.empty()))
        .compose(v -> beside.apply(requestId))
        .recover(e -> Future.failedFuture(new AuditUnavailable(e)));
  }
}
