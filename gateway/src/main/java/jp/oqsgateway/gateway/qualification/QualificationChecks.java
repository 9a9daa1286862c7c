package jp.oqsgateway.gateway.qualification;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.oqs.link.LinkStatus;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.link.OqsRequest;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.SingleCheckRequest;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qualification checks by insurance-card numbers. A check is stored before anything is sent, then
 * follows its own OQS exchange to the end ({@link OqsLink#outcome} completes at once when the
 * exchange is already final), so no answer can be missed by a race, and a restart simply follows
 * the checks still waiting. Callers may wait a bounded time for the end.
 */
public final class QualificationChecks {
  private static final Logger LOG = LoggerFactory.getLogger(QualificationChecks.class);

  private final Vertx vertx;
  private final CheckStore store;
  private final OqsLink link;
  private final String institutionCode;
  private final boolean staleFallback;
  private final CheckMetrics metrics;
  private final MessageKind reinquiryFile;
  private final Map<UUID, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final List<Consumer<QualificationCheck>> endListeners = new CopyOnWriteArrayList<>();

  private record Waiter(Context context, Promise<QualificationCheck> promise) {}

  private QualificationChecks(
      Vertx vertx,
      CheckStore store,
      OqsLink link,
      String institutionCode,
      boolean staleFallback,
      CheckMetrics metrics,
      MessageKind reinquiryFile) {
    this.vertx = vertx;
    this.store = store;
    this.link = link;
    this.institutionCode = institutionCode;
    this.staleFallback = staleFallback;
    this.metrics = metrics;
    this.reinquiryFile = reinquiryFile;
  }

  /**
   * Starts following the checks a previous run left waiting or queued.
   *
   * @param staleFallback while the link is DOWN, serve the last known answer marked stale and queue
   *     the check for one automatic re-run when the link is UP again ({@code
   *     qualification.stale-fallback})
   * @param registry where {@code oqsgw_checks_*} are published
   * @param reinquiryFile the file a home-visit re-inquiry is sent as ({@code
   *     oqs.home-visit.reinquiry-file}: OQSsihvq01 or OQSsiquc01 with 診療区分 2; unconfirmed)
   */
  public static Future<QualificationChecks> start(
      Vertx vertx,
      CheckStore store,
      OqsLink link,
      String institutionCode,
      boolean staleFallback,
      MeterRegistry registry,
      MessageKind reinquiryFile) {
    QualificationChecks checks =
        new QualificationChecks(
            vertx,
            store,
            link,
            institutionCode,
            staleFallback,
            new CheckMetrics(registry),
            reinquiryFile);
    checks.countQueued();
    if (staleFallback) {
      link.onLivenessChange(
          status -> {
            if (status.down()) {
              checks.queueWaiting();
            } else {
              checks.rerunQueued();
            }
          });
    }
    return store
        .queued()
        .map(
            queued -> {
              // Their first exchange or their re-run may still end; the rest wait for the link.
              queued.forEach(c -> c.exchangeId().ifPresent(ex -> checks.follow(c.id(), ex)));
              return checks;
            })
        .compose(v -> store.waiting())
        .map(
            waiting -> {
              for (QualificationCheck c : waiting) {
                c.exchangeId()
                    .ifPresentOrElse(
                        ex -> checks.follow(c.id(), ex),
                        () ->
                            checks.conclude(
                                c.id(),
                                new CheckResults.Failed(
                                    CheckFailure.OUTCOME_UNKNOWN,
                                    "the gateway stopped before the request was handed to the link")));
              }
              if (!waiting.isEmpty()) {
                LOG.atInfo()
                    .addKeyValue("count", waiting.size())
                    .log("following checks left waiting");
              }
              return checks;
            });
  }

  /** Why checks cannot be made at all (a missing setting), or empty when they can. */
  public Optional<String> unavailableReason() {
    return institutionCode.isEmpty()
        ? Optional.of("oqs.institution-code is not set: the gateway cannot address the terminal")
        : Optional.empty();
  }

  /**
   * Stores the check, hands the request to the link and returns the check as WAITING. With the
   * stale fallback on and the link DOWN, nothing is sent: the check is returned STALE_QUEUED with
   * the last known answer (if any), and is sent when the link is UP again.
   */
  public Future<QualificationCheck> create(
      CheckRequest request, String source, String requestedBy) {
    return create(request, source, requestedBy, Optional.empty(), Optional.empty());
  }

  /**
   * As {@link #create(CheckRequest, String, String)}, for a card presented at a reception desk: the
   * check records the desk and the reader.
   */
  public Future<QualificationCheck> create(
      CheckRequest request,
      String source,
      String requestedBy,
      Optional<String> desk,
      Optional<String> reader) {
    UUID id = UUID.randomUUID();
    Future<Boolean> down =
        staleFallback ? link.status().map(LinkStatus::down) : Future.succeededFuture(false);
    return down.compose(
        linkDown ->
            store
                .insertWaiting(
                    id,
                    source,
                    requestedBy,
                    request.chartPatientId(),
                    request.toJson(),
                    desk,
                    reader)
                .compose(check -> linkDown ? queue(check) : refusedOrQueued(check, request)));
  }

  private Future<QualificationCheck> send(QualificationCheck check, CheckRequest request) {
    UUID id = check.id();
    SingleCheckRequest message =
        request.reinquiry()
            ? SingleCheckRequest.reinquiry(
                request.confirmationDate(),
                institutionCode,
                Optional.empty(),
                request.toSearch(),
                reinquiryFile)
            : new SingleCheckRequest(
                request.confirmationDate(), institutionCode, Optional.empty(), request.toSearch());
    RequestKind kind = RequestKind.ofFileName(message.kind().prefix()).orElseThrow();
    return link.submit(OqsRequest.of(kind, OqsCodec.toDocument(message, OqsCharset.SHIFT_JIS)))
        .compose(
            exchange ->
                store
                    .attachExchange(id, exchange.id())
                    .map(
                        v -> {
                          follow(id, exchange.id());
                          return check;
                        }));
  }

  /** WAITING → STALE_QUEUED with the last known answer; the check as it is now. */
  private Future<QualificationCheck> queue(QualificationCheck check) {
    return store
        .lastKnown(check)
        .compose(last -> store.queue(check.id(), last))
        .compose(
            queued -> {
              if (queued.isPresent()) {
                if (queued.get().stale().isPresent()) {
                  metrics.staleServed();
                }
                countQueued();
                LOG.atInfo()
                    .addKeyValue("checkId", check.id())
                    .addKeyValue("staleServed", queued.get().stale().isPresent())
                    .log("OQS unreachable: check queued for a re-run");
                notifyWaiters(queued.get());
                return Future.succeededFuture(queued.get());
              }
              return store.find(check.id()).map(found -> found.orElse(check));
            });
  }

  /** The link went DOWN: every check waiting for OQS is queued and served stale. */
  private void queueWaiting() {
    store
        .waiting()
        .onSuccess(
            waiting ->
                waiting.stream()
                    .filter(c -> c.source().equals("api"))
                    .forEach(
                        c ->
                            queue(c)
                                .onFailure(
                                    e ->
                                        LOG.atError()
                                            .setCause(e)
                                            .log("cannot queue a check while OQS is down"))))
        .onFailure(e -> LOG.atError().setCause(e).log("cannot list the waiting checks"));
  }

  /** The link is UP again: each queued check not re-run yet and not still pending is sent again. */
  private void rerunQueued() {
    store
        .queued()
        .onSuccess(
            queued ->
                queued.stream()
                    .filter(c -> c.rerunAt().isEmpty())
                    .forEach(
                        c ->
                            c.exchangeId()
                                .map(
                                    ex ->
                                        link.find(ex)
                                            .map(e -> e.map(x -> x.state().isFinal()).orElse(true)))
                                .orElse(Future.succeededFuture(true))
                                .onSuccess(
                                    ended -> {
                                      if (ended) {
                                        rerun(c.id());
                                      }
                                    })))
        .onFailure(e -> LOG.atError().setCause(e).log("cannot list the queued checks"));
  }

  /** Re-runs a queued check as a new exchange, at most once (marked in the database first). */
  private void rerun(UUID checkId) {
    store
        .markRerun(checkId)
        .compose(
            marked -> {
              if (marked.isEmpty()) {
                return Future.succeededFuture();
              }
              QualificationCheck check = marked.get();
              LOG.atInfo().addKeyValue("checkId", checkId).log("re-running a queued check");
              return send(check, CheckRequest.fromJson(check.request()))
                  .<Void>mapEmpty()
                  .recover(
                      error ->
                          store
                              .failRerun(
                                  checkId,
                                  Optional.empty(),
                                  CheckFailure.LINK_DOWN,
                                  "the re-run could not be sent: " + error.getMessage())
                              .onSuccess(u -> u.ifPresent(this::ended))
                              .mapEmpty());
            })
        .onFailure(e -> LOG.atError().setCause(e).log("cannot re-run a queued check"));
  }

  private void rerunIfUp(UUID checkId) {
    link.status()
        .onSuccess(
            status -> {
              if (status.state() == LinkStatus.State.UP) {
                rerun(checkId);
              }
            });
  }

  private Future<QualificationCheck> refusedOrQueued(
      QualificationCheck check, CheckRequest request) {
    return send(check, request).recover(error -> refused(check.id(), error));
  }

  /** Who a check made from a card reading was requested by: the terminal's face reader. */
  public static final String CARD_READER = "face-reader";

  /** The reader id of the terminal's face-auth reader, on the checks its readings become. */
  public static final String FACE_READER = "face";

  /**
   * A My Number card reading (a result file in {@code face/}) becomes a check with source {@code
   * card}, finished at once and linked to no patient: its patient is found by 照会番号 or kana and
   * birth date, and confirmed by a person. Once per file: a second delivery is empty.
   *
   * @param faceReaderDesk where the terminal's face-auth reader stands ({@code
   *     oqs.face-reader.desk})
   */
  public Future<Optional<QualificationCheck>> recordCardReading(
      ParsedDocument doc, Optional<String> faceReaderDesk) {
    CheckResults.Verdict verdict = CheckResults.answered(doc);
    JsonObject request =
        new JsonObject().put("resultFile", doc.fileName()).put("reading", "myNumberCard");
    confirmationDate(doc).ifPresent(d -> request.put("confirmationDate", d.toString()));
    Optional<JsonObject> result =
        verdict instanceof CheckResults.Answered a ? Optional.of(a.result()) : Optional.empty();
    Optional<CheckFailure> failure =
        verdict instanceof CheckResults.Failed f ? Optional.of(f.failure()) : Optional.empty();
    Optional<String> detail =
        verdict instanceof CheckResults.Failed f ? Optional.of(f.detail()) : Optional.empty();
    return store
        .insertFromFile(
            UUID.randomUUID(),
            "card",
            CARD_READER,
            request,
            result,
            failure,
            detail,
            doc.fileName(),
            doc.raw(),
            faceReaderDesk,
            FACE_READER)
        .onSuccess(c -> c.ifPresent(this::ended));
  }

  /** QualificationConfirmationDate, else the day of ProcessExecutionTime (both YYYYMMDD…). */
  private static Optional<LocalDate> confirmationDate(ParsedDocument doc) {
    Optional<XmlElement> header = doc.root().child("MessageHeader");
    return header
        .flatMap(h -> h.text("QualificationConfirmationDate"))
        .or(() -> header.flatMap(h -> h.text("ProcessExecutionTime")))
        .filter(t -> t.length() >= 8)
        .flatMap(
            t -> {
              try {
                return Optional.of(
                    LocalDate.parse(t.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE));
              } catch (DateTimeParseException e) {
                return Optional.empty();
              }
            });
  }

  public Future<Optional<QualificationCheck>> find(UUID id) {
    return store.find(id);
  }

  /** The check once final, or as it is when {@code wait} has passed. */
  public Future<QualificationCheck> awaitFinal(QualificationCheck check, Duration wait) {
    if (check.state() != CheckState.WAITING || wait.isZero()) {
      return Future.succeededFuture(check);
    }
    Context context = vertx.getOrCreateContext();
    Promise<QualificationCheck> promise = Promise.promise();
    Waiter waiter = new Waiter(context, promise);
    waiters.computeIfAbsent(check.id(), k -> new CopyOnWriteArrayList<>()).add(waiter);
    long timer =
        vertx.setTimer(
            wait.toMillis(),
            t -> {
              remove(check.id(), waiter);
              store
                  .find(check.id())
                  .onComplete(
                      r -> promise.tryComplete(r.succeeded() ? r.result().orElse(check) : check));
            });
    // A check that finished between the caller's read and our registration.
    store
        .find(check.id())
        .onSuccess(
            now ->
                now.filter(c -> c.state() != CheckState.WAITING)
                    .ifPresent(
                        c -> {
                          vertx.cancelTimer(timer);
                          remove(check.id(), waiter);
                          promise.tryComplete(c);
                        }));
    return promise.future().onComplete(r -> vertx.cancelTimer(timer));
  }

  private void follow(UUID checkId, UUID exchangeId) {
    link.outcome(exchangeId)
        .onSuccess(outcome -> conclude(checkId, exchangeId, CheckResults.of(outcome)))
        .onFailure(
            e ->
                LOG.atError()
                    .setCause(e)
                    .addKeyValue("exchangeId", exchangeId)
                    .log("cannot follow the exchange of a check"));
  }

  private void conclude(UUID checkId, CheckResults.Verdict verdict) {
    conclude(checkId, null, verdict);
  }

  /**
   * Ends a check by how its exchange ended. With the stale fallback, a request never picked up
   * (LINK_DOWN) queues the check instead; a queued check fails only by the end of its re-run, and
   * the failure of its first exchange re-runs it at once when the link is UP.
   */
  private void conclude(UUID checkId, UUID exchangeId, CheckResults.Verdict verdict) {
    if (verdict instanceof CheckResults.Failed f) {
      Future<Optional<QualificationCheck>> first =
          staleFallback && f.failure() == CheckFailure.LINK_DOWN
              ? store
                  .find(checkId)
                  .compose(
                      c ->
                          c.filter(x -> x.state() == CheckState.WAITING)
                              .map(x -> queue(x).map(Optional::of))
                              .orElse(Future.succeededFuture(Optional.empty())))
              : store
                  .fail(checkId, f.failure(), f.detail())
                  .onSuccess(u -> u.ifPresent(this::ended));
      first
          .compose(
              updated ->
                  updated.isPresent() || !staleFallback
                      ? Future.succeededFuture(updated)
                      : store
                          .failRerun(
                              checkId, Optional.ofNullable(exchangeId), f.failure(), f.detail())
                          .onSuccess(u -> u.ifPresent(this::ended)))
          .onSuccess(
              updated -> {
                if (staleFallback
                    && (updated.isEmpty() || updated.get().state() == CheckState.STALE_QUEUED)) {
                  rerunIfUp(checkId);
                }
              })
          .onFailure(e -> LOG.atError().setCause(e).log("cannot store the end of a check"));
      return;
    }
    Future<Optional<QualificationCheck>> stored =
        store.answer(checkId, ((CheckResults.Answered) verdict).result());
    stored
        .onSuccess(updated -> updated.ifPresent(this::ended))
        .onFailure(e -> LOG.atError().setCause(e).log("cannot store the end of a check"));
  }

  private Future<QualificationCheck> refused(UUID checkId, Throwable error) {
    Throwable cause = error;
    while (cause != null && !(cause instanceof UnencodableTextException)) {
      cause = cause.getCause();
    }
    CheckFailure failure = cause != null ? CheckFailure.INVALID_REQUEST : CheckFailure.LINK_DOWN;
    String detail =
        cause != null ? cause.getMessage() : "the link refused the request: " + error.getMessage();
    return store
        .fail(checkId, failure, detail)
        .onSuccess(u -> u.ifPresent(this::ended))
        .compose(
            updated ->
                updated.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(error)));
  }

  /** Refreshes the queued-checks gauge from the database (the count survives restarts). */
  private void countQueued() {
    store
        .countQueued()
        .onSuccess(metrics::queued)
        .onFailure(e -> LOG.atWarn().setCause(e).log("cannot count the queued checks"));
  }

  /**
   * Calls {@code listener} on the event loop with every check whose end was just stored (once per
   * check and process); it must not block.
   */
  public void onEnded(Consumer<QualificationCheck> listener) {
    endListeners.add(listener);
  }

  /** A check just ended (its end was stored now, once): metrics, its waiters, then listeners. */
  private void ended(QualificationCheck check) {
    metrics.ended(
        check.source(),
        check.state() == CheckState.ANSWERED
            ? "ANSWERED"
            : check.failure().map(Enum::name).orElse("FAILED"));
    if (check.queuedAt().isPresent()) {
      countQueued();
    }
    notifyWaiters(check);
    for (Consumer<QualificationCheck> listener : endListeners) {
      try {
        listener.accept(check);
      } catch (RuntimeException e) {
        LOG.atError().setCause(e).addKeyValue("checkId", check.id()).log("a check listener failed");
      }
    }
  }

  private void notifyWaiters(QualificationCheck check) {
    List<Waiter> list = waiters.remove(check.id());
    if (list != null) {
      list.forEach(w -> w.context().runOnContext(v -> w.promise().tryComplete(check)));
    }
  }

  private void remove(UUID checkId, Waiter waiter) {
    waiters.computeIfPresent(
        checkId,
        (k, list) -> {
          list.remove(waiter);
          return list.isEmpty() ? null : list;
        });
  }
}
