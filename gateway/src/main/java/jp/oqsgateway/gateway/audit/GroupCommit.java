package jp.oqsgateway.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Audit rows written together: while one commit is in flight, the rows recorded meanwhile wait and
 * go in the next, up to {@link #MAX_ROWS} in one transaction. Each caller's future completes only
 * when the commit holding its row has ended (so a read is answered only after its row is durable),
 * on the caller's own Vert.x context; a failed commit fails every caller of its rows. One commit at
 * a time is also what the chain needs: each appends onto the head the previous one left.
 *
 * <p>At most {@link #MAX_WAITING} rows wait; beyond that a row is refused at once (its read
 * answered 503 as when the database refuses it) rather than queued behind a database that does not
 * keep up. Thread-safe: callers come from every event loop.
 */
final class GroupCommit<T> {
  /** Rows per commit: enough to carry thousands of reads a second in a few dozen commits. */
  static final int MAX_ROWS = 256;

  /** Rows waiting for a commit beyond which a new one is refused. */
  static final int MAX_WAITING = 16 * MAX_ROWS;

  private record Waiting<T>(T row, Promise<Void> promise, Context context) {}

  private final Function<List<T>, Future<Void>> commit;
  private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();
  private final DistributionSummary rowsPerCommit;
  private final Counter refused;
  private boolean committing;

  /**
   * @param commit writes the rows in one transaction; its future ends when the transaction has
   */
  GroupCommit(Function<List<T>, Future<Void>> commit, MeterRegistry registry) {
    this.commit = commit;
    this.rowsPerCommit =
        DistributionSummary.builder("oqsgw.audit.rows.per.commit")
            .description("Read-audit rows written by one commit (reads recorded together)")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, MAX_ROWS)
            .register(registry);
    this.refused =
        Counter.builder("oqsgw.audit.rows.refused")
            .description("Read-audit rows refused because too many were waiting for a commit")
            .register(registry);
  }

  /** Completes when the row is committed; fails when its commit failed or too many wait. */
  Future<Void> add(T row) {
    Waiting<T> w = new Waiting<>(row, Promise.promise(), Vertx.currentContext());
    boolean start;
    synchronized (this) {
      if (waiting.size() >= MAX_WAITING) {
        refused.increment();
        return Future.failedFuture(
            new IllegalStateException("too many audit rows are waiting for a commit"));
      }
      waiting.add(w);
      start = !committing;
      committing = true;
    }
    if (start) {
      next();
    }
    return w.promise().future();
  }

  private void next() {
    List<Waiting<T>> batch;
    synchronized (this) {
      if (waiting.isEmpty()) {
        committing = false;
        return;
      }
      batch = new ArrayList<>(Math.min(waiting.size(), MAX_ROWS));
      while (batch.size() < MAX_ROWS && !waiting.isEmpty()) {
        batch.add(waiting.poll());
      }
    }
    rowsPerCommit.record(batch.size());
    Future<Void> committed;
    try {
      committed = commit.apply(batch.stream().map(Waiting::row).toList());
    } catch (RuntimeException e) {
      committed = Future.failedFuture(e);
    }
    // The next commit starts before this one's callers are answered: the rows that came meanwhile
    // do not also wait for the responses those answers write.
    committed.onComplete(
        result -> {
          next();
          batch.forEach(w -> answer(w, result));
        });
  }

  private static <T> void answer(Waiting<T> w, AsyncResult<Void> result) {
    if (w.context() == null || w.context() == Vertx.currentContext()) {
      w.promise().handle(result);
    } else {
      w.context().runOnContext(v -> w.promise().handle(result));
    }
  }
}
