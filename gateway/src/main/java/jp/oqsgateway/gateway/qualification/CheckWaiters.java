package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import jp.oqsgateway.gateway.concurrent.BoundedWait;

/**
 * Callers waiting a bounded time for a check to leave WAITING (an API request with {@code wait}).
 * In memory only: a waiter lives no longer than its request, and the check itself is in the
 * database.
 */
final class CheckWaiters {
  private record Waiter(Context context, Promise<QualificationCheck> promise) {}

  private final Vertx vertx;
  private final CheckStore store;
  private final Map<UUID, List<Waiter>> waiters = new ConcurrentHashMap<>();

  CheckWaiters(Vertx vertx, CheckStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** The check once it left WAITING, or as it is when {@code wait} has passed. */
  Future<QualificationCheck> awaitFinal(QualificationCheck check, Duration wait) {
    if (check.state() != CheckState.WAITING || wait.isZero()) {
      return Future.succeededFuture(check);
    }
    Waiter waiter = register(check.id());
    // A check that finished between the caller's read and our registration.
    store
        .find(check.id())
        .onSuccess(
            now ->
                now.filter(c -> c.state() != CheckState.WAITING)
                    .ifPresent(waiter.promise()::tryComplete));
    return within(waiter, wait, check).onComplete(r -> remove(check.id(), waiter));
  }

  /**
   * Runs {@code send} for a check nothing can have ended yet (stored WAITING, not yet sent) and
   * waits for its end: the waiter is registered before {@code send} starts, so no end can be missed
   * and the check is not read again (as {@link #awaitFinal} must). A check {@code send} answers as
   * already out of WAITING (failed at once, queued) is the answer.
   */
  Future<QualificationCheck> sendAndAwait(
      QualificationCheck unsent,
      Duration wait,
      Function<QualificationCheck, Future<QualificationCheck>> send) {
    Waiter waiter = register(unsent.id());
    return send.apply(unsent)
        .compose(
            sent -> {
              if (sent.state() != CheckState.WAITING || wait.isZero()) {
                waiter.promise().tryComplete(sent);
              }
              return within(waiter, wait, sent);
            })
        .onComplete(r -> remove(unsent.id(), waiter));
  }

  private Waiter register(UUID checkId) {
    Waiter waiter = new Waiter(vertx.getOrCreateContext(), Promise.promise());
    waiters.computeIfAbsent(checkId, k -> new CopyOnWriteArrayList<>()).add(waiter);
    return waiter;
  }

  /**
   * The waiter's check, or the check as stored when {@code wait} has passed ({@code check} else).
   */
  private Future<QualificationCheck> within(
      Waiter waiter, Duration wait, QualificationCheck check) {
    return BoundedWait.within(
        waiter.promise().future(),
        wait,
        () -> store.find(check.id()).map(found -> found.orElse(check)).otherwise(check));
  }

  /** Hands the check as it is now to everyone waiting for it, each on its own context. */
  void notify(QualificationCheck check) {
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
