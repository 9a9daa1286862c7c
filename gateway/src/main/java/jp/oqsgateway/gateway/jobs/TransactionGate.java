package jp.oqsgateway.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * At most {@code permits} pieces of work at a time, the others waiting in order; nothing blocks a
 * thread. The job runner passes each item's processing transaction through it: a kind may read
 * through the pool while it holds the item's transaction (a second connection), so lanes that all
 * held a transaction could wait for each other's connections forever once the lanes outnumber the
 * pool. Bounded by the lanes of the runs (each lane waits for at most one permit).
 */
final class TransactionGate {
  private final int permits;
  private final Queue<Promise<Void>> waiting = new ArrayDeque<>();
  private int used;

  TransactionGate(int permits) {
    this.permits = permits;
  }

  /** Runs {@code work} once a permit is free; the permit is given back when its future ends. */
  <T> Future<T> through(Supplier<Future<T>> work) {
    Promise<Void> admitted = Promise.promise();
    synchronized (this) {
      if (used < permits) {
        used++;
        admitted.complete();
      } else {
        waiting.add(admitted);
      }
    }
    return admitted
        .future()
        .compose(
            v -> {
              try {
                return work.get();
              } catch (RuntimeException e) {
                return Future.<T>failedFuture(e);
              }
            })
        .andThen(ar -> release());
  }

  private void release() {
    Promise<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        used--;
      }
    }
    if (next != null) {
      next.complete();
    }
  }
}
