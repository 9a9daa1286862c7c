package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Each pending exchange's deadline: withdraws a request never picked up (FAILED, link DOWN), ends a
 * picked-up one OUTCOME_UNKNOWN (TIMED_OUT for read-only bulk downloads), and never wins over an
 * answer already lying in {@code res/}. A deadline whose end cannot be recorded is tried again
 * until it is: once decided (the request withdrawn or not), as decided ({@link
 * PendingExchanges#endSurely}); a withdrawal the share refused, from the start ({@link
 * PendingExchanges#retryEnd}). Runs on the link's context ({@link PendingExchanges}).
 */
final class Deadlines {
  /** Bounds how long a result that keeps changing can hold an exchange past its deadline. */
  private static final int MAX_DEADLINE_LOOKS = 10;

  private final Vertx vertx;
  private final WorkerExecutor files;
  private final LinkConfig config;
  private final PendingExchanges exchanges;
  private final LinkLiveness liveness;
  private final ScanSchedule scans;
  private final StableFiles stable;

  Deadlines(
      Vertx vertx,
      WorkerExecutor files,
      LinkConfig config,
      PendingExchanges exchanges,
      LinkLiveness liveness,
      ScanSchedule scans,
      StableFiles stable) {
    this.vertx = vertx;
    this.files = files;
    this.config = config;
    this.exchanges = exchanges;
    this.liveness = liveness;
    this.scans = scans;
    this.stable = stable;
  }

  /** (Re-)arms the timer for the exchange's {@code deadlineAt}. */
  void arm(Pending p) {
    if (exchanges.closed()) {
      return;
    }
    vertx.cancelTimer(p.deadlineTimer);
    long delay = Math.max(1, Duration.between(Instant.now(), p.exchange.deadlineAt()).toMillis());
    p.deadlineTimer = vertx.setTimer(delay, id -> onDeadline(p));
  }

  private void onDeadline(Pending p) {
    if (exchanges.closed()) {
      return;
    }
    // One more look first: an answer that just landed wins over the deadline.
    scans
        .scanNow()
        .onComplete(
            ignored -> {
              if (exchanges.closed()
                  || !exchanges.waitingOn(p)
                  || p.reasking
                  || p.decided != null) {
                // Ended, being asked again, or its end is decided and being recorded.
                return;
              }
              if (stable.settling(p.exchange.requestFile())
                  && p.deadlineLooks < MAX_DEADLINE_LOOKS) {
                // Its answer is in res/ but was seen only once (e.g. it landed while the gateway
                // was down and the deadline passed meanwhile): one stable read decides, not the
                // clock.
                p.deadlineLooks++;
                p.deadlineTimer =
                    vertx.setTimer(config.stableDelay().toMillis() + 20, id -> onDeadline(p));
                return;
              }
              // Fails only before anything was decided (the share refused the withdrawal):
              // the deadline is looked at again, later.
              expire(p).onFailure(e -> exchanges.retryEnd(p, e, () -> onDeadline(p)));
            });
  }

  /**
   * Decides the exchange's end and has it recorded ({@link PendingExchanges#endSurely}: tried again
   * until it is). Fails only when the request could not be withdrawn from {@code req/}: nothing was
   * decided then.
   */
  private Future<Void> expire(Pending p) {
    long seconds = config.timeout(p.exchange.kind()).toSeconds();
    if (p.exchange.state() == ExchangeState.WRITTEN) {
      Path file = config.reqDir().resolve(p.exchange.requestFile());
      p.withdrawing = true;
      return files
          .executeBlocking(() -> Files.deleteIfExists(file), false)
          .<Void>transform(
              ar -> {
                if (ar.failed() || !ar.result()) {
                  // Nothing deleted: its absence from req/ is a pickup again.
                  p.withdrawing = false;
                }
                if (ar.failed()) {
                  return Future.failedFuture(ar.cause());
                }
                if (ar.result()) {
                  // Withdrawn: whatever happens next, the terminal never took it. Every attempt
                  // at recording this end says so (withdrawing stays set: its absence is ours).
                  liveness.linkDown("a request was never picked up; withdrawn from req/");
                  exchanges.endSurely(
                      p,
                      PendingExchanges.End.failed(
                          "link program not picking up files: request withdrawn from req/ after "
                              + seconds
                              + " s"));
                  return Future.succeededFuture();
                }
                return exchanges.pickedUp(p).onSuccess(v -> unanswered(p, seconds));
              });
    }
    unanswered(p, seconds);
    return Future.succeededFuture();
  }

  private void unanswered(Pending p, long seconds) {
    ExchangeState to =
        p.exchange.kind().bulkPhase2() ? ExchangeState.TIMED_OUT : ExchangeState.OUTCOME_UNKNOWN;
    String error =
        "picked up by the terminal but not answered within "
            + seconds
            + " s"
            + (p.problem == null ? "" : "; " + p.problem);
    exchanges.endSurely(p, new PendingExchanges.End(to, null, error));
  }
}
