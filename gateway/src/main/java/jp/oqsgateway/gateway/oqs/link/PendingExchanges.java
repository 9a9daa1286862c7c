package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import jp.oqsgateway.gateway.concurrent.Backoff;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchanges this link is waiting on, and how each one ends: tracking, pickup, the single
 * transition to a final state ({@link #finish}), and telling waiters and listeners.
 *
 * <p>Threads: this class owns the link's mutable state, and all of it is confined to the link's one
 * Vert.x context (see {@link OqsLink#onCtx}): the public API hops onto it, timers are set from it,
 * and futures from the {@code oqsgw-files} worker pool and the reactive SQL pool complete back on
 * it. Nothing here may be touched from another thread; only the gauges read {@link #size}. Every
 * state change is also guarded in SQL, so nothing completes an exchange twice.
 */
final class PendingExchanges {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);

  /**
   * How long a pickup is known before it is recorded on its own: an answer within that time records
   * it in its end's update (one commit fewer a check with a quick terminal). A stop in between
   * loses nothing: at start, a request missing from {@code req/} is a pickup.
   */
  static final Duration PICKUP_RECORD_DELAY = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final WorkerExecutor files;
  private final ExchangeStore store;
  private final OqsXmlReader reader;
  private final LinkMetrics metrics;
  private final LinkLiveness liveness;
  private final Backoff endRetries;

  private final Map<UUID, Pending> pending = new HashMap<>();
  private final Map<String, Pending> byRequestFile = new HashMap<>();
  private final Map<UUID, List<Promise<ExchangeOutcome>>> waiters = new HashMap<>();
  private final List<Consumer<ExchangeOutcome>> outcomeListeners = new CopyOnWriteArrayList<>();
  private final List<AnswerParticipant> answerParticipants = new CopyOnWriteArrayList<>();
  private final RecentAnswers recent = new RecentAnswers();
  private boolean closed;

  PendingExchanges(
      Vertx vertx,
      WorkerExecutor files,
      ExchangeStore store,
      OqsXmlReader reader,
      LinkMetrics metrics,
      LinkLiveness liveness,
      Backoff endRetries) {
    this.vertx = vertx;
    this.files = files;
    this.store = store;
    this.reader = reader;
    this.metrics = metrics;
    this.liveness = liveness;
    this.endRetries = endRetries;
  }

  // ---------------------------------------------------------------- the pending set

  /** Starts waiting on {@code e}; the caller arms its deadline. */
  Pending track(Exchange e) {
    Pending p = new Pending(e);
    pending.put(e.id(), p);
    byRequestFile.put(e.requestFile(), p);
    return p;
  }

  /** Stops waiting on {@code p} without a transition: its row already left the pending states. */
  void untrack(Pending p) {
    vertx.cancelTimer(p.deadlineTimer);
    vertx.cancelTimer(p.pickupTimer);
    pending.remove(p.exchange.id());
    byRequestFile.remove(p.exchange.requestFile());
  }

  /** The exchange was asked again under a new request file name. */
  void renamed(Pending p, Exchange updated) {
    vertx.cancelTimer(p.pickupTimer);
    p.pickupUnrecorded = false;
    byRequestFile.remove(p.exchange.requestFile());
    p.exchange = updated;
    byRequestFile.put(updated.requestFile(), p);
  }

  /** Whether {@code p} is still waited on (not finished, not replaced). */
  boolean waitingOn(Pending p) {
    return pending.get(p.exchange.id()) == p;
  }

  boolean waitingOn(UUID exchangeId) {
    return pending.containsKey(exchangeId);
  }

  Pending get(UUID exchangeId) {
    return pending.get(exchangeId);
  }

  Pending forRequestFile(String requestFile) {
    return byRequestFile.get(requestFile);
  }

  /** Requests that should be lying in {@code req/}: written, not being written or re-asked. */
  List<Pending> written() {
    List<Pending> list = new ArrayList<>();
    for (Pending p : pending.values()) {
      if (p.exchange.state() == ExchangeState.WRITTEN && !p.reasking && !p.writing) {
        list.add(p);
      }
    }
    return list;
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  int size() {
    return pending.size();
  }

  LinkStatus status() {
    Instant now = Instant.now();
    Optional<Duration> oldest =
        pending.values().stream()
            .map(p -> Duration.between(p.exchange.writtenAt(), now))
            .max(Duration::compareTo);
    return liveness.status(pending.size(), oldest);
  }

  /** Whether the link was stopped: nothing is written, armed or re-asked any more. */
  boolean closed() {
    return closed;
  }

  /** Stops: deadlines are cancelled and waiters told; the rows stay for the next start. */
  void close() {
    closed = true;
    for (Pending p : pending.values()) {
      vertx.cancelTimer(p.deadlineTimer);
      vertx.cancelTimer(p.pickupTimer);
    }
    waiters.values().stream()
        .flatMap(List::stream)
        .forEach(
            p ->
                p.tryFail(new LinkStopped("link stopped; the exchange resumes at the next start")));
    waiters.clear();
  }

  // ---------------------------------------------------------------- transitions

  /**
   * The request file left {@code req/}: the terminal's link program took it. Known at once (the
   * deadline, the liveness and the metrics follow it); recorded in the exchange's row by its end,
   * or after {@link #PICKUP_RECORD_DELAY} when no end came first.
   */
  Future<Void> pickedUp(Pending p) {
    if (p.withdrawing || !waitingOn(p) || p.exchange.state() != ExchangeState.WRITTEN) {
      return Future.succeededFuture();
    }
    Instant now = Instant.now();
    p.exchange = p.exchange.pickedUp(now);
    p.pickupUnrecorded = true;
    recordPickup(p.exchange, now);
    p.pickupTimer = vertx.setTimer(PICKUP_RECORD_DELAY.toMillis(), id -> recordPickupRow(p));
    return Future.succeededFuture();
  }

  private void recordPickupRow(Pending p) {
    if (!p.pickupUnrecorded || !waitingOn(p)) {
      return;
    }
    store
        .markPickedUp(p.exchange, p.exchange.pickedUpAt().orElseThrow())
        .onSuccess(
            updated -> {
              if (updated.isPresent() && waitingOn(p) && p.pickupUnrecorded) {
                p.exchange = updated.get();
                p.pickupUnrecorded = false;
              }
            })
        .onFailure(
            e ->
                LOG.atWarn()
                    .setCause(e)
                    .addKeyValue("exchangeId", p.exchange.id())
                    .log("could not record a pickup; its end records it"));
  }

  private void recordPickup(Exchange e, Instant at) {
    Duration delay = Duration.between(e.writtenAt(), at);
    metrics.pickupDelay(e.kind(), delay);
    liveness.pickedUpAfter(delay);
    liveness.activity(at);
    liveness.linkUp();
  }

  /** FAILED with {@code error}, caused by no file of the terminal. */
  Future<Void> fail(Pending p, String error) {
    return fail(p, null, error);
  }

  /** FAILED with {@code error}; {@code resultFile} is the terminal's file that says so, if any. */
  Future<Void> fail(Pending p, String resultFile, String error) {
    return finish(p, ExchangeState.FAILED, resultFile, null, error).mapEmpty();
  }

  /** An end decided without an answer: FAILED, OUTCOME_UNKNOWN or TIMED_OUT, with its text. */
  record End(ExchangeState to, String resultFile, String error) {
    static End failed(String error) {
      return new End(ExchangeState.FAILED, null, error);
    }
  }

  /**
   * Ends {@code p} as decided and keeps at it until the end is recorded: an attempt that fails (the
   * database refusing the commit for a while) is tried again, as decided, after {@link Backoff}
   * ({@link #retryEnd}), so that the exchange's waiters and listeners are told in the end rather
   * than never. Stops when {@code p} ended otherwise meanwhile (an answer: the SQL guard lets one
   * end through) or the link stops (the row is still pending: the next start takes it up).
   */
  void endSurely(Pending p, End end) {
    p.decided = end;
    attemptEnd(p);
  }

  private void attemptEnd(Pending p) {
    End end = p.decided;
    finish(p, end.to(), end.resultFile(), null, end.error())
        .onFailure(e -> retryEnd(p, e, () -> attemptEnd(p)));
  }

  /**
   * An attempt at ending {@code p} failed: counted, logged (the exchange, the attempt, the error's
   * class: never the error's text, which may carry the terminal's), and {@code again} runs on this
   * context after {@link Backoff#after} while {@code p} is still waited on. The wait is {@code p}'s
   * deadline timer, so an end or a stop cancels it.
   */
  void retryEnd(Pending p, Throwable cause, Runnable again) {
    if (closed || !waitingOn(p)) {
      return;
    }
    int attempt = ++p.endFailures;
    Duration wait = endRetries.after(attempt);
    metrics.endRetry();
    LOG.atWarn()
        .addKeyValue("exchangeId", p.exchange.id())
        .addKeyValue("attempts", attempt)
        .addKeyValue("reason", cause.getClass().getName())
        .addKeyValue("retryInMillis", wait.toMillis())
        .log("could not record the end of an exchange; trying again");
    vertx.cancelTimer(p.deadlineTimer);
    p.deadlineTimer =
        vertx.setTimer(
            Math.max(1, wait.toMillis()),
            id -> {
              if (!closed && waitingOn(p)) {
                again.run();
              }
            });
  }

  /**
   * Moves the exchange to the final state {@code to} (once: the SQL update is guarded), stops
   * waiting on it and tells waiters and listeners. Empty when it had already ended.
   */
  Future<Optional<Exchange>> finish(
      Pending p, ExchangeState to, String resultFile, byte[] bytes, String error) {
    return finish(p, to, resultFile, bytes, error, null, null);
  }

  /**
   * As {@link #finish(Pending, ExchangeState, String, byte[], String)}; {@code parsed}: the answer
   * as already parsed from {@code bytes} (or null); {@code alsoStored} (or null) writes in the same
   * transaction as the end (the result file's record), so the answer is told after one commit, not
   * two.
   */
  Future<Optional<Exchange>> finish(
      Pending p,
      ExchangeState to,
      String resultFile,
      byte[] bytes,
      String error,
      ParsedDocument parsed,
      Function<SqlConnection, Future<Void>> alsoStored) {
    Instant now = Instant.now();
    // A file of the terminal's for a request still WRITTEN: it was taken now. Taken now, or taken
    // lately and not yet recorded (pickedUp), the pickup is recorded in the same statement as the
    // end (one commit, not two, before the answer is told).
    boolean takenNow =
        p.exchange.state() == ExchangeState.WRITTEN
            && !p.withdrawing
            && waitingOn(p)
            && (to != ExchangeState.FAILED || resultFile != null);
    Instant pickedUpAt =
        takenNow ? now : p.pickupUnrecorded ? p.exchange.pickedUpAt().orElse(null) : null;
    Exchange current = p.exchange;
    Future<Ending> ending =
        to == ExchangeState.ANSWERED && parsed != null && !answerParticipants.isEmpty()
            ? store.inTransaction(
                tx ->
                    store
                        .finishIn(tx, current, to, now, pickedUpAt, resultFile, bytes, error)
                        .compose(
                            done ->
                                (alsoStored == null
                                        ? Future.<Void>succeededFuture()
                                        : alsoStored.apply(tx))
                                    .compose(v -> joinAnswer(tx, done, parsed))
                                    .map(action -> new Ending(done, action))))
            : store
                .finish(current, to, now, pickedUpAt, resultFile, bytes, error, alsoStored)
                .map(done -> new Ending(done, AfterCommit.NOTHING));
    return ending.compose(
        end -> {
          Optional<Exchange> done = end.exchange();
          untrack(p);
          if (done.isEmpty()) {
            return store.find(p.exchange.id()).map(x -> Optional.<Exchange>empty());
          }
          Exchange e = done.get();
          end.afterCommit().run();
          if (takenNow) {
            recordPickup(e, pickedUpAt);
          }
          metrics.outcome(e.kind(), e.state());
          if (e.state() == ExchangeState.ANSWERED) {
            Duration rt = Duration.between(e.writtenAt(), now);
            metrics.roundTrip(e.kind(), rt);
            liveness.answered(rt, now);
          }
          var event = e.state() == ExchangeState.ANSWERED ? LOG.atInfo() : LOG.atWarn();
          // The error may be the terminal's own text, which can name a patient: not logged.
          event
              .addKeyValue("exchangeId", e.id())
              .addKeyValue("kind", e.kind().label())
              .addKeyValue("state", e.state().name())
              .addKeyValue("file", e.requestFile())
              .log("exchange finished");
          notifyOutcome(e, parsed);
          return Future.succeededFuture(done);
        });
  }

  /** An exchange's end as committed, with what its answer's participants do next. */
  private record Ending(Optional<Exchange> exchange, Runnable afterCommit) {}

  /** The answer's participants write inside {@code tx}, in turn; one action runs theirs. */
  private Future<Runnable> joinAnswer(
      SqlConnection tx, Optional<Exchange> done, ParsedDocument parsed) {
    if (done.isEmpty()) {
      return Future.succeededFuture(AfterCommit.NOTHING);
    }
    ExchangeOutcome answered = new ExchangeOutcome(done.get(), Optional.of(parsed));
    return AfterCommit.joinAll(
        answerParticipants, p -> p.join(tx, answered), "an answer was recorded");
  }

  // ---------------------------------------------------------------- outcomes

  /** {@code participant} writes, in the transaction that records each answer, what it means. */
  void joinAnswers(AnswerParticipant participant) {
    answerParticipants.add(participant);
  }

  void onOutcome(Consumer<ExchangeOutcome> listener) {
    outcomeListeners.add(listener);
  }

  /**
   * The outcome of an exchange this link is still waiting on, without reading it again; empty when
   * it is not pending here (ended, or never this link's): the caller reads it then.
   */
  Optional<Future<ExchangeOutcome>> whenPending(UUID exchangeId) {
    if (!pending.containsKey(exchangeId)) {
      return Optional.empty();
    }
    Promise<ExchangeOutcome> p = Promise.promise();
    waiters.computeIfAbsent(exchangeId, k -> new ArrayList<>()).add(p);
    return Optional.of(p.future());
  }

  /** The parsed answer of an exchange that ended lately, if still remembered. */
  Optional<ParsedDocument> recentAnswer(UUID exchangeId) {
    return recent.get(exchangeId);
  }

  /** The final outcome of {@code e} as just read: at once when final, else when it ends. */
  Future<ExchangeOutcome> outcomeOf(Exchange e) {
    if (e.state().isFinal()) {
      return outcome(e);
    }
    if (!pending.containsKey(e.id())) {
      // Finished between the query and now, or not handled by this link.
      return store
          .find(e.id())
          .compose(
              again ->
                  again.isPresent() && again.get().state().isFinal()
                      ? outcome(again.get())
                      : Future.failedFuture(new ExchangeNotHandled(e.id())));
    }
    Promise<ExchangeOutcome> p = Promise.promise();
    waiters.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(p);
    return p.future();
  }

  private void notifyOutcome(Exchange e, ParsedDocument parsed) {
    (parsed != null && e.state() == ExchangeState.ANSWERED
            ? Future.succeededFuture(new ExchangeOutcome(e, Optional.of(parsed)))
            : outcome(e))
        .onSuccess(
            outcome -> {
              outcome.result().ifPresent(doc -> recent.put(e.id(), doc));
              List<Promise<ExchangeOutcome>> ws = waiters.remove(e.id());
              if (ws != null) {
                ws.forEach(w -> w.tryComplete(outcome));
              }
              for (Consumer<ExchangeOutcome> l : outcomeListeners) {
                try {
                  l.accept(outcome);
                } catch (RuntimeException ex) {
                  LOG.atWarn().setCause(ex).log("an outcome listener failed");
                }
              }
            });
  }

  /** A final exchange with its stored result parsed, on the worker pool. */
  private Future<ExchangeOutcome> outcome(Exchange e) {
    return files.executeBlocking(() -> toOutcome(e), false);
  }

  private ExchangeOutcome toOutcome(Exchange e) {
    Optional<ParsedDocument> doc = Optional.empty();
    if (e.state() == ExchangeState.ANSWERED && e.resultBytes().isPresent()) {
      String name = e.resultFile().orElse(e.resultStem() + ".xml");
      if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
        try {
          doc = Optional.of(reader.parse(name, e.resultBytes().get()));
        } catch (Exception ex) {
          LOG.atWarn().addKeyValue("exchangeId", e.id()).log("stored result no longer parses");
        }
      }
    }
    return new ExchangeOutcome(e, doc);
  }
}
