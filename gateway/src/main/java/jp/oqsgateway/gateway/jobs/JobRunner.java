package jp.oqsgateway.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.concurrent.GatewayStopping;
import jp.oqsgateway.gateway.failure.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job to its end, at most {@code concurrency} items at a time: planned items are
 * processed, items in flight are resumed (docs/JOBS.md, "Exactly once"). A failure of the store
 * (the database gone, the gateway stopping) stops the run and leaves the job running in the
 * database, to be resumed at the next start; a failure of the kind ends that item as {@code error}.
 */
final class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /**
   * Items inside their processing transaction at once, across every run: a kind reads through the
   * pool while it holds the item's transaction, so at most twice this many connections (of {@code
   * pg.pool-size}, 16 by default) are taken by processing, however many items are in flight.
   */
  static final int TRANSACTIONS = 4;

  private final JobStore store;
  private final ProgressEvents progress;
  private final JobMetrics metrics;
  private final Clock clock;
  private final JobsConfig config;

  /**
   * Items inside their processing transaction at once, across every run ({@link
   * JobsConfig#transactions}): a kind reads through the pool while it holds the item's transaction,
   * so lanes that outnumber the pool's connections could otherwise wait on each other for ever.
   */
  private final TransactionGate transactions;

  JobRunner(
      JobStore store, ProgressEvents progress, JobMetrics metrics, Clock clock, JobsConfig config) {
    this.store = store;
    this.progress = progress;
    this.metrics = metrics;
    this.clock = clock;
    this.config = config;
    this.transactions = new TransactionGate(config.transactions());
  }

  /** Open items read at a time. */
  static final int PAGE = 200;

  /** Starts (or resumes) the job and answers when it ended or the run stopped. */
  Future<Void> run(JobKind kind, UUID jobId) {
    Instant began = clock.instant();
    metrics.started(kind.name());
    Run run = new Run(kind, jobId, new ProgressEvents.Throttle(config.progressInterval(), began));
    return store
        .pool()
        .withTransaction(
            tx -> store.start(tx, jobId, began).compose(s -> progress.append(tx, jobId, began)))
        .compose(v -> run.all())
        .compose(v -> finish(kind, jobId, began))
        .onComplete(ar -> metrics.stopped(kind.name()))
        .onFailure(
            e ->
                LOG.atWarn()
                    .addKeyValue("jobId", jobId)
                    .addKeyValue("kind", kind.name())
                    .addKeyValue("reason", e.getClass().getSimpleName())
                    .log("job run stopped before its end; the next start resumes it"));
  }

  private Future<Void> finish(JobKind kind, UUID jobId, Instant began) {
    Instant now = clock.instant();
    return store
        .pool()
        .withTransaction(
            tx ->
                store
                    .find(tx, jobId)
                    .map(java.util.Optional::orElseThrow)
                    .compose(
                        job -> {
                          Job.Counts c = job.counts();
                          String state =
                              c.total() > 0 && c.failed() == c.total() ? Job.FAILED : Job.DONE;
                          String error = Job.FAILED.equals(state) ? "every item failed" : null;
                          return store
                              .finish(tx, jobId, state, error, now)
                              .compose(v -> progress.append(tx, jobId, now))
                              .map(state);
                        }))
        .onSuccess(
            state ->
                metrics.ended(kind.name(), state, Duration.between(began, now), clock.instant()))
        .mapEmpty();
  }

  /** Why an item failed, in words that carry no patient data. */
  static String detailOf(Throwable e) {
    return e instanceof Rejection r
        ? r.slug() + ": " + r.detail()
        : "internal error (" + e.getClass().getSimpleName() + ")";
  }

  /**
   * One run of one job: its lanes share the queue of open items, read {@link #PAGE} at a time in
   * the order of their positions (the next page while half of one is left), so a night of 50,000
   * patients does not hold all its items in memory.
   */
  private final class Run {
    private final JobKind kind;
    private final UUID jobId;
    private final ProgressEvents.Throttle throttle;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Queue<JobItem> queue = new ConcurrentLinkedQueue<>();
    private int readUpTo = -1;
    private boolean allRead;
    private Future<Void> reading;

    Run(JobKind kind, UUID jobId, ProgressEvents.Throttle throttle) {
      this.kind = kind;
      this.jobId = jobId;
      this.throttle = throttle;
    }

    Future<Void> all() {
      return readPage()
          .compose(
              v -> {
                List<Future<Void>> lanes = new ArrayList<>();
                int count = Math.min(config.concurrency(), queue.size());
                for (int i = 0; i < count; i++) {
                  lanes.add(lane());
                }
                return Future.all(lanes).mapEmpty();
              });
    }

    /** The next page of open items into the queue; one read at a time, shared by the lanes. */
    private synchronized Future<Void> readPage() {
      if (allRead) {
        return Future.succeededFuture();
      }
      if (reading == null) {
        reading =
            store
                .openItems(jobId, readUpTo, PAGE)
                .map(
                    items -> {
                      synchronized (this) {
                        queue.addAll(items);
                        allRead = items.size() < PAGE;
                        if (!items.isEmpty()) {
                          readUpTo = items.get(items.size() - 1).position();
                        }
                        reading = null;
                      }
                      return (Void) null;
                    });
      }
      return reading;
    }

    private Future<Void> lane() {
      if (stopped.get()) {
        return Future.succeededFuture();
      }
      JobItem next = queue.poll();
      if (next == null) {
        return moreToRead() ? readPage().compose(v -> lane()) : Future.succeededFuture();
      }
      if (queue.size() < PAGE / 2) {
        readPage();
      }
      return handle(next).onFailure(e -> stopped.set(true)).compose(v -> lane());
    }

    /** Whether a page is still to come (being read, or not read yet). */
    private synchronized boolean moreToRead() {
      return !allRead || reading != null;
    }

    private Future<Void> handle(JobItem item) {
      if (JobItem.IN_FLIGHT.equals(item.state())) {
        return follow(item, () -> kind.resume(item));
      }
      return transactions
          .through(() -> store.pool().withTransaction(tx -> process(item, tx)))
          .recover(
              e -> {
                if (e instanceof TakenElsewhere) {
                  return Future.succeededFuture(); // rolled back: nothing of it was written
                }
                return e instanceof KindFailure k
                    ? endAlone(item, JobItem.PLANNED, failure(k.getCause())).map((Processed) null)
                    : Future.failedFuture(e);
              })
          .compose(
              p -> {
                if (p instanceof Processed.Finished f) {
                  counted(f.outcome()); // committed
                }
                return p instanceof Processed.Dispatched d
                    ? follow(item, d.follow())
                    : Future.succeededFuture();
              });
    }

    /**
     * Processes a planned item in {@code tx}. The item is claimed by the conditional update that
     * records its effect (planned → in flight, or planned → its end): an item no longer planned (a
     * second runner took it first, or it was cancelled) updates no row, and its transaction is
     * rolled back with everything the kind wrote in it. A concurrent claim waits on the row's lock
     * until the first commits, then finds it taken.
     */
    private Future<Processed> process(JobItem item, SqlConnection tx) {
      Future<Processed> processed;
      try {
        processed = kind.process(item, tx);
      } catch (RuntimeException e) {
        processed = Future.failedFuture(e);
      }
      return processed
          .recover(e -> Future.failedFuture(new KindFailure(e)))
          .compose(
              p -> {
                if (p instanceof Processed.Dispatched d) {
                  return store
                      .inFlight(tx, item, d.reference(), clock.instant())
                      .compose(claimed -> claimed ? Future.succeededFuture(p) : taken());
                }
                return end(tx, item, JobItem.PLANNED, ((Processed.Finished) p).outcome())
                    .compose(
                        o -> o == null ? taken() : Future.succeededFuture(Processed.finished(o)));
              });
    }

    /** Follows an item's outside effect to its outcome, then ends the item. */
    private Future<Void> follow(JobItem item, Supplier<Future<ItemOutcome>> effect) {
      Future<ItemOutcome> outcome;
      try {
        outcome = effect.get();
      } catch (RuntimeException e) {
        outcome = Future.failedFuture(e);
      }
      return outcome.transform(
          ar -> {
            if (ar.failed() && ar.cause() instanceof GatewayStopping) {
              // Not the item's end: it stays in flight, and the next start follows it.
              return Future.succeededFuture();
            }
            ItemOutcome o = ar.succeeded() ? ar.result() : failure(ar.cause());
            return endAlone(item, JobItem.IN_FLIGHT, o);
          });
    }

    /** Ends an item still in {@code from}, in a transaction of its own. */
    private Future<Void> endAlone(JobItem item, String from, ItemOutcome outcome) {
      return store
          .pool()
          .withTransaction(tx -> end(tx, item, from, outcome))
          .onSuccess(this::counted)
          .mapEmpty();
    }

    /** Counts an item's end once its transaction committed (null: it had ended elsewhere). */
    private void counted(ItemOutcome outcome) {
      if (outcome != null) {
        metrics.item(kind.name(), outcome.outcome());
      }
    }

    /**
     * Ends the item in {@code tx} if it is still in {@code from}, with the events its outcome
     * announces; answers the outcome as stored (undeclared ones are errors, and announce nothing),
     * or null when the item had already ended elsewhere (nothing written, nothing announced).
     */
    private Future<ItemOutcome> end(
        SqlConnection tx, JobItem item, String from, ItemOutcome outcome) {
      ItemOutcome declared =
          JobMetrics.outcomes(kind).contains(outcome.outcome())
              ? outcome
              : ItemOutcome.failed(ItemOutcome.ERROR, "undeclared outcome " + outcome.outcome());
      Instant now = clock.instant();
      return store
          .end(tx, item, from, declared, now)
          .compose(
              ended ->
                  !ended
                      ? Future.<ItemOutcome>succeededFuture()
                      : progress
                          .announce(tx, declared.events())
                          .compose(
                              v ->
                                  throttle.due(now)
                                      ? progress.append(tx, item.jobId(), now)
                                      : Future.<Void>succeededFuture())
                          .map(declared));
    }

    private ItemOutcome failure(Throwable e) {
      LOG.atWarn()
          .addKeyValue("kind", kind.name())
          .addKeyValue("reason", e.getClass().getSimpleName())
          .log("job item failed in its kind");
      return ItemOutcome.failed(ItemOutcome.ERROR, detailOf(e));
    }
  }

  private static <T> Future<T> taken() {
    return Future.failedFuture(new TakenElsewhere());
  }

  /** The item was no longer planned when this run came to claim it. */
  private static final class TakenElsewhere extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TakenElsewhere() {
      super("the item is no longer planned", null, false, false);
    }
  }

  /** The kind failed to process an item: its transaction is rolled back, the item ends failed. */
  private static final class KindFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KindFailure(Throwable cause) {
      super(cause.getClass().getSimpleName(), cause, false, false);
    }
  }
}
