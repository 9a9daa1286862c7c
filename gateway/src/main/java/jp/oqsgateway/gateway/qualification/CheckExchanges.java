package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jp.oqsgateway.gateway.concurrent.Backoff;
import jp.oqsgateway.gateway.concurrent.GatewayStopping;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.link.ExchangeNotHandled;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.link.LinkStopped;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.link.OqsRequest;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.link.RequestNumbersUsedUp;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.SingleCheckRequest;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.sql.RowIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a stored check as an OQS exchange and follows that exchange to the check's end ({@link
 * OqsLink#outcome} completes at once when the exchange is already final, so no answer is missed by
 * a race).
 */
final class CheckExchanges {
  private static final Logger LOG = LoggerFactory.getLogger(CheckExchanges.class);

  private final CheckStore store;
  private final OqsLink link;
  private final String institutionCode;
  private final MessageKind reinquiryFile;
  private final StaleFallback stale;
  private final CheckEnds ends;
  private final Vertx vertx;

  /** The exchanges followed in this process, and those whose answer already ended their check. */
  private final Set<UUID> following = ConcurrentHashMap.newKeySet();

  private final Set<UUID> answeredWithExchange = ConcurrentHashMap.newKeySet();

  CheckExchanges(
      Vertx vertx,
      CheckStore store,
      OqsLink link,
      String institutionCode,
      MessageKind reinquiryFile,
      StaleFallback stale,
      CheckEnds ends) {
    this.vertx = vertx;
    this.store = store;
    this.link = link;
    this.institutionCode = institutionCode;
    this.reinquiryFile = reinquiryFile;
    this.stale = stale;
    this.ends = ends;
  }

  /** Sends a new WAITING check, or queues it when the stale fallback says OQS is down. */
  Future<QualificationCheck> dispatch(QualificationCheck check, CheckRequest request) {
    return stale
        .linkDown()
        .compose(
            down ->
                down
                    ? stale.queue(check)
                    : send(check, request).recover(error -> refusedOrOverloaded(check, error)));
  }

  /**
   * The check ends FAILED; when the gateway was overloaded (a full worker queue) the caller is told
   * to retry rather than shown a failed check. Refused because the gateway is stopping, the check
   * is left WAITING and unsent: the next start sends it ({@link #resumeUnsent}).
   */
  private Future<QualificationCheck> refusedOrOverloaded(
      QualificationCheck check, Throwable error) {
    if (error instanceof GatewayStopping) {
      return Future.failedFuture(error);
    }
    return refused(check.id(), error)
        .compose(
            ended ->
                error instanceof Rejection r && r.kind() == Rejection.Kind.UNAVAILABLE
                    ? Future.failedFuture(r)
                    : Future.succeededFuture(ended));
  }

  /**
   * Hands the request to the link, with the exchange recorded on the check, and follows it. A
   * check's first exchange carries the check's own id, so that after a crash between the two {@link
   * #resumeUnsent} can tell whether it was created; a re-run gets an id of its own.
   */
  Future<QualificationCheck> send(QualificationCheck check, CheckRequest request) {
    UUID id = check.id();
    UUID exchangeId =
        check.exchangeId().isEmpty() && check.state() == CheckState.WAITING ? id : RowIds.next();
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
    // The exchange's id is recorded on the check in the transaction that stores the exchange, so
    // the check never waits on an exchange it does not name, and a failed record sends nothing.
    return link.submit(
            OqsRequest.of(kind, OqsCodec.toDocument(message, OqsCharset.SHIFT_JIS)),
            exchangeId,
            tx -> store.attachExchange(tx, id, exchangeId))
        .map(
            exchange -> {
              follow(id, exchange.id());
              return check;
            });
  }

  /**
   * A WAITING check the previous run stored but never recorded an exchange for: its first exchange
   * (the check's id) is followed when the link created it — the link then put its request in {@code
   * req/} exactly once — and it is sent now when the link did not, since nothing of it can have
   * reached the terminal.
   */
  Future<Void> resumeUnsent(QualificationCheck check) {
    UUID id = check.id();
    return link.find(id)
        .compose(
            created ->
                created.isPresent()
                    ? store.attachExchange(id, id).onSuccess(v -> follow(id, id))
                    : dispatch(check, CheckRequest.fromJson(check.request())).<Void>mapEmpty());
  }

  /**
   * Follows the exchange from now on and concludes the check once it ended, unless its answer
   * already ended it ({@link #joinAnswer}).
   */
  void follow(UUID checkId, UUID exchangeId) {
    follow(checkId, exchangeId, 0);
  }

  /**
   * Following failed {@code failures} times so far. A failure never strands the check: the link
   * stopped (the next start follows it again), or the exchange is pending in another gateway's
   * {@code req/} folder (that gateway ends it; looked at again every {@link #FOLLOW_RETRY_MAX}), or
   * anything else (the database refusing a read for a while: at start, many checks are followed at
   * once) is tried again after {@link Backoff#UNTIL_DONE}.
   */
  private void follow(UUID checkId, UUID exchangeId, int failures) {
    following.add(exchangeId);
    link.outcome(exchangeId)
        .onSuccess(
            o -> {
              following.remove(exchangeId);
              if (!answeredWithExchange.remove(exchangeId)) {
                conclude(checkId, exchangeId, CheckResults.of(o));
              }
            })
        .onFailure(
            e -> {
              if (e instanceof LinkStopped || e instanceof GatewayStopping) {
                following.remove(exchangeId);
                answeredWithExchange.remove(exchangeId);
                return;
              }
              int attempt = failures + 1;
              Duration wait =
                  e instanceof ExchangeNotHandled
                      ? FOLLOW_RETRY_MAX
                      : Backoff.UNTIL_DONE.after(attempt);
              if (e instanceof ExchangeNotHandled) {
                if (failures == 0) {
                  LOG.atWarn()
                      .addKeyValue("checkId", checkId)
                      .addKeyValue("exchangeId", exchangeId)
                      .log(
                          "the exchange of a check is pending in another request folder; its"
                              + " gateway ends it, looked at again every 30 s");
                }
              } else {
                LOG.atWarn()
                    .addKeyValue("checkId", checkId)
                    .addKeyValue("exchangeId", exchangeId)
                    .addKeyValue("attempts", attempt)
                    .addKeyValue("reason", e.getClass().getName())
                    .addKeyValue("retryInMillis", wait.toMillis())
                    .log("cannot follow the exchange of a check; trying again");
              }
              vertx.setTimer(wait.toMillis(), id -> follow(checkId, exchangeId, attempt));
            });
  }

  /** The longest wait between two attempts at following an exchange. */
  static final Duration FOLLOW_RETRY_MAX = Backoff.UNTIL_DONE.max();

  /**
   * Joins the link's answers ({@link OqsLink#joinAnswers}): the check that follows the exchange is
   * answered in the transaction that records the exchange's answer and its result file, one commit
   * for both, and told before the link tells the exchange's outcome. An answer that fails the check
   * (OQS refused the request) is concluded as before, once the outcome is told.
   */
  Future<Runnable> joinAnswer(SqlConnection tx, ExchangeOutcome answered) {
    UUID exchangeId = answered.exchangeId();
    // Only a check's exchange followed here: not a bulk download's answer (read only by its job),
    // nor an exchange whose check is concluded once followed.
    if (!following.contains(exchangeId)
        || !(CheckResults.of(answered) instanceof CheckResults.Answered a)) {
      return Future.succeededFuture(CheckEndParticipant.NOTHING);
    }
    return store
        .answerIn(tx, exchangeId, a.result())
        .map(
            ended ->
                ended
                    .<Runnable>map(
                        e ->
                            () -> {
                              if (following.contains(exchangeId)) {
                                answeredWithExchange.add(exchangeId);
                              }
                              e.committed();
                              ends.ended(e.check());
                            })
                    .orElse(CheckEndParticipant.NOTHING));
  }

  /**
   * Ends a check by how its exchange ended ({@code exchangeId} null when it never had one). With
   * the stale fallback, a request never picked up (LINK_DOWN) queues the check instead; a queued
   * check fails only by the end of its re-run, and the failure of its first exchange re-runs it at
   * once when the link is UP.
   */
  void conclude(UUID checkId, UUID exchangeId, CheckResults.Verdict verdict) {
    if (verdict instanceof CheckResults.Answered answered) {
      store
          .answer(checkId, answered.result())
          .onSuccess(updated -> updated.ifPresent(ends::ended))
          .onFailure(e -> LOG.atError().setCause(e).log("cannot store the end of a check"));
      return;
    }
    CheckResults.Failed f = (CheckResults.Failed) verdict;
    Future<Optional<QualificationCheck>> first =
        stale.enabled() && f.failure() == CheckFailure.LINK_DOWN
            ? store
                .find(checkId)
                .compose(
                    c ->
                        c.filter(x -> x.state() == CheckState.WAITING)
                            .map(x -> stale.queue(x).map(Optional::of))
                            .orElse(Future.succeededFuture(Optional.empty())))
            : store.fail(checkId, f.failure(), f.detail()).onSuccess(u -> u.ifPresent(ends::ended));
    first
        .compose(
            updated ->
                updated.isPresent() || !stale.enabled()
                    ? Future.succeededFuture(updated)
                    : store
                        .failRerun(
                            checkId, Optional.ofNullable(exchangeId), f.failure(), f.detail())
                        .onSuccess(u -> u.ifPresent(ends::ended)))
        .onSuccess(
            updated -> {
              if (stale.enabled()
                  && (updated.isEmpty() || updated.get().state() == CheckState.STALE_QUEUED)) {
                stale.rerunIfUp(checkId, this::send);
              }
            })
        .onFailure(e -> LOG.atError().setCause(e).log("cannot store the end of a check"));
  }

  /** The link refused the request: the check fails (text it cannot carry, or the link is down). */
  private Future<QualificationCheck> refused(UUID checkId, Throwable error) {
    Throwable cause = error;
    while (cause != null && !(cause instanceof UnencodableTextException)) {
      cause = cause.getCause();
    }
    CheckFailure failure =
        cause != null
            ? CheckFailure.INVALID_REQUEST
            : error instanceof RequestNumbersUsedUp
                ? CheckFailure.REQUEST_NUMBERS_USED_UP
                : CheckFailure.LINK_DOWN;
    String detail =
        cause != null ? cause.getMessage() : "the link refused the request: " + error.getMessage();
    return store
        .fail(checkId, failure, detail)
        .onSuccess(u -> u.ifPresent(ends::ended))
        .compose(
            updated ->
                updated.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(error)));
  }
}
