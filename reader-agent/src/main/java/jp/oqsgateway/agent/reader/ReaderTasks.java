package jp.oqsgateway.agent.reader;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The tasks queued for one reader's thread (added from any thread), and whether the reader's thread
 * awaits one that is on its way: the gateway's challenge, a person's PIN. Running a task ends the
 * wait; a task that starts another (the PIN prompt) says so while it runs.
 */
final class ReaderTasks {
  private final BlockingQueue<ReaderWorker.Task> queue = new LinkedBlockingQueue<>();
  // System.nanoTime() until which a task is awaited; 0: none (the reader's thread only)
  private long awaitUntil;

  void add(ReaderWorker.Task task) {
    queue.add(task);
  }

  /** The next task, or null: it is taken as run, so the wait for it ends. */
  ReaderWorker.Task next() {
    ReaderWorker.Task t = queue.poll();
    if (t != null) {
      awaitUntil = 0;
    }
    return t;
  }

  /** As {@link #next()}, waiting up to {@code limit} for one. */
  ReaderWorker.Task next(Duration limit) throws InterruptedException {
    ReaderWorker.Task t = queue.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (t != null) {
      awaitUntil = 0;
    }
    return t;
  }

  /** A task is on its way, for up to {@code limit}. */
  void await(Duration limit) {
    awaitUntil = System.nanoTime() + limit.toNanos();
  }

  /** Nothing is awaited any more (the card is gone). */
  void awaitNothing() {
    awaitUntil = 0;
  }

  boolean awaiting() {
    if (awaitUntil != 0 && System.nanoTime() - awaitUntil >= 0) {
      awaitUntil = 0;
    }
    return awaitUntil != 0;
  }
}
