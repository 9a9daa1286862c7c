package jp.oqsgateway.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Audit rows written together: while one commit is in flight, the rows recorded meanwhile wait and
 * go in the next, up to {@link #MAX_ROWS} in one transaction. Each caller's future completes only
 * when the commit holding its row has ended (so a read is answered only after its row is durable),
 * on the caller's own Vert.x context; a failed commit fails every caller of its rows. One commit at
 * a time is also what the chain needs: each appends onto the head the previous one left.
 *
 * <p>Under a steady load the rows would otherwise go one or two a commit, and a commit costs the
 * database about as much as the reads it carries: so when a commit ends with fewer than {@link
 * #GATHER_ROWS} rows waiting, the next one first waits for more, up to {@code wait} (setting {@code
 * audit.commit-wait}), and starts as soon as that many are there. A row that finds no commit in
 * flight or waiting is written at once: a lone read, or a check's answer, never waits for others.
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

  /** Rows waiting when a commit ends from which the next starts at once, without the wait. */
  static final int GATHER_ROWS = 16;

  private record Waiting<T>(T row, Promise<Void> promise, Context context) {}

  private final Function<List<T>, Future<Void>> commit;
  private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();
  private final DistributionSummary rowsPerCommit;
  private final Counter refused;
  private final Duration wait;
  private final BiConsumer<Duration, Runnable> later;

  /** A commit is in flight, or waiting for more rows ({@link #gathering}). */
  private boolean committing;

  private boolean gathering;

  /** Counts the waits, so that a wait's end that comes after the wait was cut short is ignored. */
  private long gatherRound;

  /**
   * @param commit writes the rows in one transaction; its future ends when the transaction has
   * @param wait how long a commit of fewer than {@link #GATHER_ROWS} rows after another waits for
   *     more; zero: never
   * @param later runs a task after a delay (a Vert.x timer)
   */
  GroupCommit(
      Function<List<T>, Future<Void>> commit,
      Duration wait,
      BiConsumer<Duration, Runnable> later,
      MeterRegistry registry) {
    this.commit = commit;
    this.wait = wait;
    this.later = later;
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
      if (!committing) {
        committing = true;
        start = true;
      } else if (gathering && waiting.size() >= GATHER_ROWS) {
        gathering = false;
        start = true;
      } else {
        start = false;
      }
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
          afterCommit();
          batch.forEach(w -> answer(w, result));
        });
  }

  /** The next commit: at once with none or many rows waiting; with a few, after the wait. */
  private void afterCommit() {
    long round;
    synchronized (this) {
      int rows = waiting.size();
      if (wait.isZero() || rows == 0 || rows >= GATHER_ROWS) {
        round = 0;
      } else {
        gathering = true;
        round = ++gatherRound;
      }
    }
    if (round == 0) {
      next();
      return;
    }
    later.accept(
        wait,
        () -> {
          synchronized (this) {
            if (!gathering || gatherRound != round) {
              return;
            }
            gathering = false;
          }
          next();
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
