package jp.oqsgateway.gateway.patients;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.link.OqsRequest;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.BulkReferenceNumberRegistrationRequest;
import jp.oqsgateway.gateway.oqs.message.BulkRegistrationResult;
import jp.oqsgateway.gateway.oqs.message.BulkRegistrationUnit;
import jp.oqsgateway.gateway.oqs.message.DownloadRequest;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsFormatException;
import jp.oqsgateway.gateway.oqs.message.OqsMessage;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistrationRequest;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import jp.oqsgateway.gateway.qualification.CheckFailure;
import jp.oqsgateway.gateway.qualification.ExchangeFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the chart patient id as 照会番号 (REFERENCE §2.8) for the qualification of the patient's
 * active link: one patient through {@code OQSsiimm01}, many through one {@code OQSmuimm01/02}
 * exchange, and, when configured, automatically once after a link is created. Each registration is
 * stored WAITING before anything is sent and follows its exchange to the end; callers wait a
 * bounded time.
 */
public final class ReferenceRegistrations {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceRegistrations.class);

  /** What one patient of a bulk registration came to. */
  public record BulkItem(
      String chartPatientId,
      String outcome,
      Optional<ReferenceRegistration> registration,
      Optional<String> detail) {
    public static final String NO_ACTIVE_LINK = "NO_ACTIVE_LINK";
    public static final String NOT_REGISTRABLE = "NOT_REGISTRABLE";
  }

  /** A bulk registration; {@code finished} is false when the wait ended first. */
  public record BulkOutcome(UUID bulkId, boolean finished, List<BulkItem> items) {}

  private record Verdict(
      ReferenceRegistration.State state,
      Optional<CheckFailure> failure,
      Optional<String> detail,
      Optional<String> code) {
    static Verdict failed(CheckFailure f, String detail) {
      return new Verdict(
          ReferenceRegistration.State.FAILED,
          Optional.of(f),
          Optional.of(detail),
          Optional.empty());
    }
  }

  private final Vertx vertx;
  private final ReferenceRegistrationStore store;
  private final PatientLinkStore links;
  private final OqsLink link;
  private final String institutionCode;
  private final boolean autoRegister;

  public ReferenceRegistrations(
      Vertx vertx,
      ReferenceRegistrationStore store,
      PatientLinkStore links,
      OqsLink link,
      String institutionCode,
      boolean autoRegister) {
    this.vertx = vertx;
    this.store = store;
    this.links = links;
    this.link = link;
    this.institutionCode = institutionCode;
    this.autoRegister = autoRegister;
  }

  /** Why registrations cannot be made at all (a missing setting), or empty when they can. */
  public Optional<String> unavailableReason() {
    return institutionCode.isEmpty()
        ? Optional.of("oqs.institution-code is not set: the gateway cannot address the terminal")
        : Optional.empty();
  }

  /**
   * Registers the patient's id for the qualification of the patient's active link; the registration
   * as it is when it ended or {@code wait} passed.
   */
  public Future<ReferenceRegistration> register(
      String chartPatientId, String requestedBy, Duration wait) {
    return links
        .activeOf(List.of(chartPatientId))
        .compose(
            active -> {
              if (active.isEmpty()) {
                return Future.failedFuture(
                    new Refusal(
                        404,
                        "no-active-link",
                        "No active link",
                        "this chart patient has no linked qualification",
                        "chartPatientId"));
              }
              PatientLink l = active.get(0);
              ReferenceNumberRegistration reg =
                  registrationOf(l)
                      .orElseThrow(
                          () ->
                              new Refusal(
                                  409,
                                  "not-registrable",
                                  "Not registrable",
                                  notRegistrable(l),
                                  "chartPatientId"));
              ReferenceRegistration row = ReferenceRegistration.waiting(Optional.empty(), "api", l);
              return store
                  .insertWaiting(List.of(row), requestedBy)
                  .compose(
                      ins -> bounded(sendSingle(row, reg), wait, ins.isEmpty() ? row : ins.get(0)));
            });
  }

  /**
   * A person's retry of a FAILED single registration, as a new registration ({@code retryOf}) for
   * the same link, sent as a new exchange. Never done automatically: after OUTCOME_UNKNOWN OQS may
   * or may not have registered the number, and registering it twice is harmless only when a person
   * knows the first one did not arrive. Refused (409) for a registration that is not FAILED,
   * belongs to a bulk registration, was retried already (at most once, even when two callers race),
   * or whose link has ended since.
   */
  public Future<ReferenceRegistration> retry(UUID id, String requestedBy, Duration wait) {
    return store
        .find(id)
        .compose(
            found -> {
              ReferenceRegistration failed =
                  found.orElseThrow(
                      () ->
                          new Refusal(
                              404,
                              "not-found",
                              "Not found",
                              "no 照会番号 registration with this id",
                              "registrationId"));
              if (failed.state() != ReferenceRegistration.State.FAILED) {
                throw notRetryable(
                    "not-failed", "the registration is " + failed.state() + "; only FAILED ones");
              }
              if (failed.bulkId().isPresent()) {
                throw notRetryable(
                    "bulk-registration",
                    "a registration of a bulk request is retried by registering its patients"
                        + " again");
              }
              return links
                  .activeOf(List.of(failed.chartPatientId()))
                  .compose(active -> retryFor(failed, active, requestedBy, wait));
            });
  }

  private Future<ReferenceRegistration> retryFor(
      ReferenceRegistration failed, List<PatientLink> active, String requestedBy, Duration wait) {
    PatientLink l =
        active.stream()
            .filter(a -> a.id().equals(failed.linkId()))
            .findFirst()
            .orElseThrow(
                () ->
                    notRetryable(
                        "link-ended",
                        "the link this registration was made for has ended; register the"
                            + " patient's current link instead"));
    ReferenceNumberRegistration reg =
        registrationOf(l).orElseThrow(() -> notRetryable("not-registrable", notRegistrable(l)));
    ReferenceRegistration retry = failed.retry();
    return store
        .insertRetry(retry, requestedBy)
        .compose(
            inserted -> {
              if (inserted.isEmpty()) {
                return store
                    .retryOf(failed.id())
                    .compose(
                        existing ->
                            Future.failedFuture(
                                notRetryable(
                                    "already-retried",
                                    "this registration was retried already, by registration "
                                        + existing.map(r -> r.id().toString()).orElse("?")
                                        + "; retry that one if it failed")));
              }
              LOG.atInfo()
                  .addKeyValue("registrationId", retry.id())
                  .log("照会番号 registration retried by request");
              return bounded(sendSingle(retry, reg), wait, inserted.get());
            });
  }

  private static Refusal notRetryable(String slug, String detail) {
    return new Refusal(409, slug, "Not retryable", detail, "registrationId");
  }

  /**
   * After a link was created: registers the patient's id once for that link, when configured and
   * the qualification does not carry it already. Never fails the caller; problems are logged.
   */
  public void onLinkCreated(PatientLink created) {
    if (!autoRegister || unavailableReason().isPresent()) {
      return;
    }
    if (created
        .qualification()
        .referenceNumber()
        .filter(created.chartPatientId()::equals)
        .isPresent()) {
      return;
    }
    Optional<ReferenceNumberRegistration> reg = registrationOf(created);
    if (reg.isEmpty()) {
      LOG.atInfo()
          .addKeyValue("linkId", created.id())
          .log("qualification cannot carry a 照会番号; automatic registration skipped");
      return;
    }
    ReferenceRegistration row = ReferenceRegistration.waiting(Optional.empty(), "auto", created);
    store
        .insertWaiting(List.of(row), created.linkedBy())
        .compose(
            ins -> ins.isEmpty() ? Future.succeededFuture() : sendSingle(row, reg.get()).mapEmpty())
        .onFailure(
            e ->
                LOG.atError()
                    .setCause(e)
                    .addKeyValue("linkId", created.id())
                    .log("automatic 照会番号 registration failed"));
  }

  /**
   * Follows the registrations a previous run left WAITING, so each ends REGISTERED or FAILED: a
   * single one by its exchange; a bulk one by its download when sent, else by its upload and then
   * the download. A row that never got an exchange (the gateway stopped before handing it to the
   * link) ends FAILED at once. Completes when following began, with the number of rows found
   * waiting.
   */
  public Future<Integer> resumeWaiting() {
    return store
        .waiting()
        .map(
            waiting -> {
              Map<UUID, List<ReferenceRegistration>> bulks = new LinkedHashMap<>();
              for (ReferenceRegistration r : waiting) {
                if (r.bulkId().isPresent()) {
                  bulks.computeIfAbsent(r.bulkId().get(), b -> new ArrayList<>()).add(r);
                } else {
                  resumed(
                      r.exchangeId()
                          .map(ex -> followSingle(r, ex))
                          .orElseGet(() -> finish(r.id(), NEVER_SENT))
                          .recover(
                              e -> stillWaiting(e, r).orElseGet(() -> finish(r.id(), refused(e)))),
                      r.id());
                }
              }
              bulks.forEach(
                  (bulkId, rows) -> {
                    ReferenceRegistration first = rows.get(0);
                    Future<List<ReferenceRegistration>> followed =
                        first
                            .downloadExchangeId()
                            .map(dl -> followDownload(rows, dl))
                            .or(() -> first.exchangeId().map(up -> followUpload(rows, up)))
                            .orElseGet(() -> finishAll(rows, NEVER_SENT))
                            .recover(
                                e ->
                                    stillWaiting(e, rows)
                                        .orElseGet(() -> finishAll(rows, refused(e))));
                    resumed(followed, bulkId);
                  });
              if (!waiting.isEmpty()) {
                LOG.atInfo()
                    .addKeyValue("count", waiting.size())
                    .log("following 照会番号 registrations left waiting");
              }
              return waiting.size();
            });
  }

  private static final Verdict NEVER_SENT =
      Verdict.failed(
          CheckFailure.OUTCOME_UNKNOWN,
          "the gateway stopped before the request was handed to the link; register again if the"
              + " 照会番号 is not on the qualification");

  private static void resumed(Future<?> followed, UUID id) {
    followed.onFailure(
        e ->
            LOG.atError()
                .setCause(e)
                .addKeyValue("registrationId", id)
                .log("cannot follow a 照会番号 registration left waiting"));
  }

  /** One registration, or empty when unknown. */
  public Future<Optional<ReferenceRegistration>> find(UUID id) {
    return store.find(id);
  }

  /** The registrations of one bulk request, in the order they were sent (empty when unknown). */
  public Future<List<ReferenceRegistration>> ofBulk(UUID bulkId) {
    return store.ofBulk(bulkId);
  }

  /** Registers many patients in one bulk exchange; a per-patient outcome each. */
  public Future<BulkOutcome> registerBulk(
      List<String> chartPatientIds, String requestedBy, Duration wait) {
    List<String> patients = new ArrayList<>(new LinkedHashSet<>(chartPatientIds));
    UUID bulkId = UUID.randomUUID();
    return links
        .activeOf(patients)
        .compose(
            active -> {
              Map<String, PatientLink> byPatient = new HashMap<>();
              active.forEach(l -> byPatient.putIfAbsent(l.chartPatientId(), l));
              Map<String, BulkItem> skipped = new HashMap<>();
              List<ReferenceRegistration> rows = new ArrayList<>();
              List<ReferenceNumberRegistration> regs = new ArrayList<>();
              for (String p : patients) {
                PatientLink l = byPatient.get(p);
                Optional<ReferenceNumberRegistration> reg =
                    l == null ? Optional.empty() : registrationOf(l);
                if (l == null) {
                  skipped.put(
                      p,
                      new BulkItem(p, BulkItem.NO_ACTIVE_LINK, Optional.empty(), Optional.empty()));
                } else if (reg.isEmpty()) {
                  skipped.put(
                      p,
                      new BulkItem(
                          p,
                          BulkItem.NOT_REGISTRABLE,
                          Optional.empty(),
                          Optional.of(notRegistrable(l))));
                } else {
                  rows.add(ReferenceRegistration.waiting(Optional.of(bulkId), "bulk", l));
                  regs.add(reg.get());
                }
              }
              if (rows.isEmpty()) {
                return Future.succeededFuture(
                    new BulkOutcome(bulkId, true, items(patients, skipped, List.of())));
              }
              return store
                  .insertWaiting(rows, requestedBy)
                  .compose(ins -> bounded(sendBulk(rows, regs), wait, ins))
                  .map(
                      ended ->
                          new BulkOutcome(
                              bulkId,
                              ended.stream()
                                  .noneMatch(r -> r.state() == ReferenceRegistration.State.WAITING),
                              items(patients, skipped, ended)));
            });
  }

  private static List<BulkItem> items(
      List<String> patients, Map<String, BulkItem> skipped, List<ReferenceRegistration> rows) {
    Map<String, ReferenceRegistration> byPatient = new HashMap<>();
    rows.forEach(r -> byPatient.put(r.chartPatientId(), r));
    List<BulkItem> items = new ArrayList<>();
    for (String p : patients) {
      ReferenceRegistration r = byPatient.get(p);
      items.add(
          r != null
              ? new BulkItem(p, r.state().name(), Optional.of(r), r.failureDetail())
              : skipped.get(p));
    }
    return items;
  }

  // ---------------------------------------------------------------- exchanges

  private Future<ReferenceRegistration> sendSingle(
      ReferenceRegistration row, ReferenceNumberRegistration reg) {
    var request =
        new ReferenceNumberRegistrationRequest(institutionCode, Optional.empty(), reg, List.of());
    return link.submit(
            OqsRequest.of(RequestKind.SIIMM01, OqsCodec.toDocument(request, OqsCharset.SHIFT_JIS)))
        .compose(
            ex ->
                store
                    .attachExchange(List.of(row.id()), ex.id(), false)
                    .compose(v -> followSingle(row, ex.id())))
        .recover(e -> stillWaiting(e, row).orElseGet(() -> finish(row.id(), refused(e))));
  }

  private Future<ReferenceRegistration> followSingle(ReferenceRegistration row, UUID exchangeId) {
    return outcomeOf(exchangeId)
        .compose(
            outcome ->
                finish(
                    row.id(),
                    exchangeFailure(outcome)
                        .orElseGet(() -> singleVerdict(outcome.result().orElseThrow()))));
  }

  private Future<List<ReferenceRegistration>> sendBulk(
      List<ReferenceRegistration> rows, List<ReferenceNumberRegistration> regs) {
    List<UUID> ids = rows.stream().map(ReferenceRegistration::id).toList();
    var upload =
        new BulkReferenceNumberRegistrationRequest(
            institutionCode, Optional.empty(), regs, List.of());
    return link.submit(
            OqsRequest.of(RequestKind.MUIMM01, OqsCodec.toDocument(upload, OqsCharset.SHIFT_JIS)))
        .compose(
            ex ->
                store.attachExchange(ids, ex.id(), false).compose(v -> followUpload(rows, ex.id())))
        .recover(e -> stillWaiting(e, rows).orElseGet(() -> finishAll(rows, refused(e))));
  }

  /** Phase 1 (OQSmuimm01) to its end, then the download by ReceptionNumber. */
  private Future<List<ReferenceRegistration>> followUpload(
      List<ReferenceRegistration> rows, UUID uploadExchangeId) {
    List<UUID> ids = rows.stream().map(ReferenceRegistration::id).toList();
    return outcomeOf(uploadExchangeId)
        .compose(
            received -> {
              Optional<Verdict> failed = exchangeFailure(received);
              if (failed.isPresent()) {
                return finishAll(rows, failed.get());
              }
              ParsedDocument doc = received.result().orElseThrow();
              Optional<Verdict> error = headerError(doc);
              if (error.isPresent()) {
                return finishAll(rows, error.get());
              }
              Optional<String> reception =
                  doc.root()
                      .at("MessageBody")
                      .flatMap(b -> b.text("ReceptionNumber"))
                      .or(
                          () ->
                              doc.root()
                                  .at("MessageHeader")
                                  .flatMap(h -> h.text("ReceptionNumber")));
              if (reception.isEmpty()) {
                return finishAll(
                    rows,
                    Verdict.failed(
                        CheckFailure.INVALID_RESULT,
                        "the reception result has no ReceptionNumber"));
              }
              var download =
                  new DownloadRequest(
                      MessageKind.OQS_MUIMM02_REQ,
                      institutionCode,
                      Optional.empty(),
                      reception.get(),
                      List.of());
              return link.submit(
                      OqsRequest.of(
                          RequestKind.MUIMM02, OqsCodec.toDocument(download, OqsCharset.SHIFT_JIS)))
                  .compose(
                      ex ->
                          store
                              .attachExchange(ids, ex.id(), true)
                              .compose(v -> followDownload(rows, ex.id())));
            });
  }

  /** Phase 2 (OQSmuimm02) to its end; a result per row. */
  private Future<List<ReferenceRegistration>> followDownload(
      List<ReferenceRegistration> rows, UUID downloadExchangeId) {
    return outcomeOf(downloadExchangeId).compose(result -> concludeBulk(rows, result));
  }

  private Future<List<ReferenceRegistration>> concludeBulk(
      List<ReferenceRegistration> rows, ExchangeOutcome outcome) {
    Optional<Verdict> failed = exchangeFailure(outcome);
    if (failed.isPresent()) {
      return finishAll(rows, failed.get());
    }
    ParsedDocument doc = outcome.result().orElseThrow();
    Optional<Verdict> error = headerError(doc);
    if (error.isPresent()) {
      return finishAll(rows, error.get());
    }
    List<BulkRegistrationUnit> units;
    try {
      OqsMessage m = OqsCodec.decode(doc);
      if (!(m instanceof BulkRegistrationResult r)) {
        return finishAll(
            rows, Verdict.failed(CheckFailure.INVALID_RESULT, "not a bulk registration result"));
      }
      units = r.units();
    } catch (OqsFormatException e) {
      return finishAll(rows, Verdict.failed(CheckFailure.INVALID_RESULT, e.getMessage()));
    }
    // Units echo the registration; by its ReferenceNumber (the chart patient id), else by position.
    Map<String, BulkRegistrationUnit> byReference = new HashMap<>();
    units.forEach(
        u -> u.registration().ifPresent(reg -> byReference.putIfAbsent(reg.referenceNumber(), u)));
    List<Future<ReferenceRegistration>> ended = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ReferenceRegistration row = rows.get(i);
      BulkRegistrationUnit unit =
          byReference.getOrDefault(
              row.referenceNumber(),
              byReference.isEmpty() && i < units.size() ? units.get(i) : null);
      Verdict v =
          unit == null
              ? Verdict.failed(
                  CheckFailure.INVALID_RESULT, "no BulkRegistrationUnit for this patient")
              : processing(
                  unit.processing().status().map(s -> s.raw()),
                  unit.processing().code(),
                  unit.processing().message());
      ended.add(finish(row.id(), v));
    }
    return Future.all(ended).map(all -> all.<ReferenceRegistration>list());
  }

  /** Following an exchange stopped before its end (the link stopped): the row stays WAITING. */
  private static final class StillWaiting extends RuntimeException {
    StillWaiting(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * The exchange's end; fails with {@link StillWaiting} when following stopped before it (the link
   * stopped: the next start follows the row again), as it is when the exchange is unknown.
   */
  private Future<ExchangeOutcome> outcomeOf(UUID exchangeId) {
    return link.outcome(exchangeId)
        .recover(
            e ->
                Future.failedFuture(e instanceof NoSuchElementException ? e : new StillWaiting(e)));
  }

  /** {@code waiting} as it is when {@code error} means following stopped; else empty. */
  private static <T> Optional<Future<T>> stillWaiting(Throwable error, T waiting) {
    if (!(error instanceof StillWaiting)) {
      return Optional.empty();
    }
    LOG.atInfo()
        .addKeyValue("reason", error.getMessage())
        .log("照会番号 registration left WAITING; the next start follows it");
    return Optional.of(Future.succeededFuture(waiting));
  }

  // ---------------------------------------------------------------- verdicts

  private static Optional<Verdict> exchangeFailure(ExchangeOutcome outcome) {
    return ExchangeFailures.of(outcome).map(f -> Verdict.failed(f.failure(), f.detail()));
  }

  /** SegmentOfResult other than 1: OQS refused the whole request. */
  private static Optional<Verdict> headerError(ParsedDocument doc) {
    return ExchangeFailures.refusedByOqs(doc)
        .map(
            f ->
                new Verdict(
                    ReferenceRegistration.State.FAILED,
                    Optional.of(f.failure()),
                    Optional.of(f.detail()),
                    f.errorCode()));
  }

  private static Verdict singleVerdict(ParsedDocument doc) {
    Optional<Verdict> error = headerError(doc);
    if (error.isPresent()) {
      return error.get();
    }
    Optional<XmlElement> body = doc.root().child("MessageBody");
    return processing(
        body.flatMap(b -> b.text("ProcessingResultStatus")),
        body.flatMap(b -> b.text("ProcessingResultCode")),
        body.flatMap(b -> b.text("ProcessingResultMessage")));
  }

  /** ProcessingResultStatus 1 (or none: the result's content is unconfirmed) means registered. */
  private static Verdict processing(
      Optional<String> status, Optional<String> code, Optional<String> message) {
    if (status.orElse("1").equals("1")) {
      return new Verdict(
          ReferenceRegistration.State.REGISTERED, Optional.empty(), Optional.empty(), code);
    }
    return new Verdict(
        ReferenceRegistration.State.FAILED,
        Optional.of(CheckFailure.OQS_ERROR),
        Optional.of(
            "ProcessingResultStatus "
                + status.get()
                + ", ProcessingResultCode "
                + code.orElse("-")
                + " "
                + message.orElse("")),
        code);
  }

  private static Verdict refused(Throwable error) {
    Throwable cause = error;
    while (cause != null && !(cause instanceof UnencodableTextException)) {
      cause = cause.getCause();
    }
    return cause != null
        ? Verdict.failed(CheckFailure.INVALID_REQUEST, cause.getMessage())
        : Verdict.failed(
            CheckFailure.LINK_DOWN, "the link refused the request: " + error.getMessage());
  }

  private Future<ReferenceRegistration> finish(UUID id, Verdict v) {
    return store
        .finish(id, v.state(), v.failure().map(Enum::name), v.detail(), v.code())
        .compose(
            done ->
                done.map(Future::succeededFuture)
                    .orElseGet(() -> store.find(id).map(Optional::orElseThrow)));
  }

  private Future<List<ReferenceRegistration>> finishAll(
      List<ReferenceRegistration> rows, Verdict v) {
    List<Future<ReferenceRegistration>> ended = new ArrayList<>();
    rows.forEach(r -> ended.add(finish(r.id(), v)));
    return Future.all(ended).map(all -> all.<ReferenceRegistration>list());
  }

  /** {@code done}'s result, or {@code ifWaiting} when {@code wait} passes first. */
  private <T> Future<T> bounded(Future<T> done, Duration wait, T ifWaiting) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, wait.toMillis()), t -> promise.tryComplete(ifWaiting));
    done.onComplete(
        r ->
            context.runOnContext(
                v -> {
                  vertx.cancelTimer(timer);
                  if (r.succeeded()) {
                    promise.tryComplete(r.result());
                  } else {
                    promise.tryFail(r.cause());
                  }
                }));
    return promise.future();
  }

  // ---------------------------------------------------------------- the request's content

  /**
   * The registration for a link's qualification: insurer number as OQS writes it, 枝番 required
   * except for 後期高齢 (REFERENCE §2.8); empty when the qualification cannot carry one.
   */
  static Optional<ReferenceNumberRegistration> registrationOf(PatientLink l) {
    LinkedQualification q = l.qualification();
    Optional<InsurerNumber> insurer = InsurerNumber.parse(q.insurerNumber());
    if (insurer.isEmpty() || l.chartPatientId().length() > 50) {
      return Optional.empty();
    }
    if (q.branch().isEmpty() && !insurer.get().isLateStageElderly()) {
      return Optional.empty();
    }
    return Optional.of(
        new ReferenceNumberRegistration(
            l.chartPatientId(),
            insurer.get(),
            q.symbol(),
            q.number(),
            insurer.get().isLateStageElderly() ? Optional.empty() : q.branch()));
  }

  private static String notRegistrable(PatientLink l) {
    return InsurerNumber.parse(l.qualification().insurerNumber()).isEmpty()
        ? "the linked qualification has no insurer number of 6 or 8 digits (医療扶助 registration"
            + " is not supported)"
        : "the linked qualification has no branch number (枝番), which a registration needs except"
            + " for 後期高齢者医療";
  }
}
