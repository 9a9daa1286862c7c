package jp.oqsgateway.gateway.concurrent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * A named worker pool with a bound on the work waiting for a thread, and its metrics ({@code
 * oqsgw_workers_queued}, {@code oqsgw_workers_active}, {@code oqsgw_workers_rejected_total}, each
 * tagged {@code pool}).
 *
 * <p>Two ways in. {@link #executeBlocking} runs every task it is given: work the gateway already
 * accepted (a result or face file seen, a deadline, an archive) must finish, so it is counted but
 * never refused. {@link #admitting} is the door for new work: while {@code maxQueued} tasks wait
 * for a thread, it fails new tasks at once with a {@link Rejection} of kind {@code UNAVAILABLE}
 * with a retry-after, which the API answers as 503 with {@code Retry-After}, instead of letting the
 * queue (and the callers' wait) grow without end.
 */
public final class BoundedWorkers implements WorkerExecutor {
  /** What a refused caller is told to wait before trying again. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private final String name;
  private final WorkerExecutor pool;
  private final int maxQueued;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final Counter rejected;
  private final WorkerExecutor admitting = new Admitting();

  private BoundedWorkers(String name, WorkerExecutor pool, int maxQueued, MeterRegistry registry) {
    this.name = name;
    this.pool = pool;
    this.maxQueued = maxQueued;
    Gauge.builder("oqsgw.workers.queued", queued, AtomicInteger::get)
        .description("Tasks waiting for a thread of the worker pool")
        .tag("pool", name)
        .strongReference(true)
        .register(registry);
    Gauge.builder("oqsgw.workers.active", active, AtomicInteger::get)
        .description("Tasks running on a thread of the worker pool")
        .tag("pool", name)
        .strongReference(true)
        .register(registry);
    this.rejected =
        Counter.builder("oqsgw.workers.rejected")
            .description("New tasks refused because the worker pool's queue was full")
            .tag("pool", name)
            .register(registry);
  }

  /**
   * A shared worker pool {@code name} of {@code threads} threads, at most {@code maxQueued} new
   * tasks waiting.
   */
  public static BoundedWorkers create(
      Vertx vertx, String name, int threads, int maxQueued, MeterRegistry registry) {
    return new BoundedWorkers(
        name, vertx.createSharedWorkerExecutor(name, threads), maxQueued, registry);
  }

  /**
   * The door for new work on {@code executor}: refusing while its queue is full when it is a {@link
   * BoundedWorkers}, else {@code executor} itself (tests, tools).
   */
  public static WorkerExecutor admitting(WorkerExecutor executor) {
    return executor instanceof BoundedWorkers bounded ? bounded.admitting() : executor;
  }

  /** This pool, refusing new tasks while {@code maxQueued} wait. */
  public WorkerExecutor admitting() {
    return admitting;
  }

  /** Tasks waiting for a thread now. */
  public int queued() {
    return queued.get();
  }

  /** Runs {@code task}, counted but never refused (work already accepted). */
  @Override
  public <T> Future<T> executeBlocking(Callable<T> task, boolean ordered) {
    queued.incrementAndGet();
    AtomicBoolean started = new AtomicBoolean();
    return pool.<T>executeBlocking(
            () -> {
              started.set(true);
              queued.decrementAndGet();
              active.incrementAndGet();
              try {
                return task.call();
              } finally {
                active.decrementAndGet();
              }
            },
            ordered)
        .onComplete(
            ar -> {
              if (!started.get()) {
                queued.decrementAndGet(); // refused by a closed pool: it never waited
              }
            });
  }

  @Override
  public Future<Void> close() {
    return pool.close();
  }

  private Rejection full() {
    rejected.increment();
    return Rejection.of(
            Rejection.Kind.UNAVAILABLE,
            "overloaded",
            "Overloaded",
            "the gateway's "
                + name
                + " workers have "
                + maxQueued
                + " tasks waiting; try again shortly")
        .retryAfter(RETRY_AFTER);
  }

  /** The same pool and counters; new tasks beyond the bound fail at once. */
  private final class Admitting implements WorkerExecutor {
    @Override
    public <T> Future<T> executeBlocking(Callable<T> task, boolean ordered) {
      if (queued.get() >= maxQueued) {
        return Future.failedFuture(full());
      }
      return BoundedWorkers.this.executeBlocking(task, ordered);
    }

    @Override
    public Future<Void> close() {
      return BoundedWorkers.this.close();
    }
  }
}
