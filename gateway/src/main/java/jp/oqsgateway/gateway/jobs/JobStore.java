package jp.oqsgateway.gateway.jobs;

import static jp.oqsgateway.gateway.jobs.JobRows.at;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * The SQL of jobs and their items ({@code job}, {@code job_item}). A job and all its items are
 * inserted in one transaction; an item moves on only from the state the caller read, under a row
 * lock, so two runners can never both move it.
 */
public final class JobStore {
  /** Slug of the conflict when a kind that allows no overlap already has an active job. */
  public static final String JOB_RUNNING = "job-running";

  /** Slug of the conflict when a schedule slot already has its job. */
  static final String SLOT_TAKEN = "slot-taken";

  private final Pool pool;

  public JobStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /**
   * A new job, planned with all its items in one transaction.
   *
   * @throws Rejection (failed future) {@value #JOB_RUNNING} with {@code runningJobId} when the kind
   *     allows no overlap and has an active job; {@value #SLOT_TAKEN} when the slot has its job
   */
  Future<Job> create(NewJob job, List<ItemDraft> items) {
    return pool.withTransaction(
            tx ->
                insert(tx, job, job.exclusive(), Job.PLANNED, items.size(), null)
                    .compose(
                        rows -> rows.size() == 1 ? insertItems(tx, job, items) : conflict(tx, job)))
        .compose(v -> find(job.id()).map(Optional::orElseThrow));
  }

  private static Future<Void> insertItems(SqlConnection tx, NewJob job, List<ItemDraft> items) {
    if (items.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      batch.add(
          Tuple.of(job.id(), i, items.get(i).key(), items.get(i).payload(), at(job.createdAt())));
    }
    return tx.preparedQuery(
            "insert into job_item (job_id, position, item_key, payload, state, updated_at)"
                + " values ($1, $2, $3, $4, 'planned', $5)")
        .executeBatch(batch)
        .mapEmpty();
  }

  private Future<Void> conflict(SqlConnection tx, NewJob job) {
    return activeJob(tx, job.kind())
        .compose(
            running -> {
              if (job.exclusive() && running.isPresent()) {
                return Future.failedFuture(running(running.get()));
              }
              return Future.failedFuture(
                  Rejection.conflict(SLOT_TAKEN, "Slot taken", "the schedule slot has its job"));
            });
  }

  /** 409 {@value #JOB_RUNNING}, naming the job of the kind that still runs. */
  static Rejection running(UUID jobId) {
    return Rejection.conflict(
            JOB_RUNNING,
            "Job running",
            "kind: job " + jobId + " of this kind is still running; start again when it ended")
        .with("runningJobId", jobId.toString());
  }

  /** The job of an exclusive kind that is planned or running, if any. */
  Future<Optional<UUID>> activeJob(SqlClient client, String kind) {
    return client
        .preparedQuery(
            "select id from job where kind = $1 and exclusive and state in ('planned', 'running')")
        .execute(Tuple.of(kind))
        .map(rows -> Rows.first(rows, r -> r.getUUID("id")));
  }

  /**
   * Records a schedule slot that was not run (a job of its kind was still running), so that it is
   * not tried again.
   */
  Future<Void> skipSlot(NewJob job, String why) {
    return insert(pool, job, false, Job.FAILED, 0, why).mapEmpty();
  }

  /** Inserts the job unless a unique index forbids it; answers its id, or no row. */
  private static Future<RowSet<Row>> insert(
      SqlClient client, NewJob job, boolean exclusive, String state, int total, String error) {
    return client
        .preparedQuery(
            "insert into job (id, kind, params, trigger, requested_by, scheduled_slot, exclusive,"
                + " state, total, created_at, finished_at, error)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                + " on conflict do nothing returning id")
        .execute(
            Tuple.from(
                new Object[] {
                  job.id(),
                  job.kind(),
                  job.params(),
                  job.trigger(),
                  job.requestedBy(),
                  job.slot().map(JobRows::at).orElse(null),
                  exclusive,
                  state,
                  total,
                  at(job.createdAt()),
                  error == null ? null : at(job.createdAt()),
                  error
                }));
  }

  /** Whether the schedule slot of a kind has its job (run, running or skipped). */
  Future<Boolean> slotTaken(String kind, Instant slot) {
    return pool.preparedQuery("select 1 from job where kind = $1 and scheduled_slot = $2")
        .execute(Tuple.of(kind, at(slot)))
        .map(rows -> rows.size() > 0);
  }

  /** Planned → running; false when the job was not planned. */
  Future<Boolean> start(SqlConnection tx, UUID jobId, Instant now) {
    return tx.preparedQuery(
            "update job set state = 'running', started_at = $2 where id = $1 and state = 'planned'")
        .execute(Tuple.of(jobId, at(now)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Running → done or failed. */
  Future<Void> finish(SqlConnection tx, UUID jobId, String state, String error, Instant now) {
    return tx.preparedQuery(
            "update job set state = $2, finished_at = $3, error = $4"
                + " where id = $1 and state = 'running'")
        .execute(Tuple.of(jobId, state, at(now), error))
        .mapEmpty();
  }

  /**
   * The item's outside effect was recorded under {@code reference}: planned → in flight; false when
   * it was no longer planned.
   */
  Future<Boolean> inFlight(SqlConnection tx, JobItem item, UUID reference, Instant now) {
    return tx.preparedQuery(
            "update job_item set state = 'in_flight', reference = $3, updated_at = $4"
                + " where job_id = $1 and position = $2 and state = 'planned'")
        .execute(Tuple.of(item.jobId(), item.position(), reference, at(now)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The item ended (from the state it was locked in). */
  Future<Boolean> end(
      SqlConnection tx, JobItem item, String from, ItemOutcome outcome, Instant now) {
    return tx.preparedQuery(
            "update job_item set state = $3, outcome = $4, detail = $5, updated_at = $6"
                + " where job_id = $1 and position = $2 and state = $7")
        .execute(
            Tuple.from(
                new Object[] {
                  item.jobId(),
                  item.position(),
                  outcome.failed() ? JobItem.FAILED : JobItem.DONE,
                  outcome.outcome(),
                  outcome.detail().orElse(null),
                  at(now),
                  from
                }))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The job as stored, with its counts. */
  Future<Optional<Job>> find(UUID jobId) {
    return find(pool, jobId);
  }

  Future<Optional<Job>> find(SqlClient client, UUID jobId) {
    return client
        .preparedQuery(JobRows.SELECT_JOB + "where j.id = $1")
        .execute(Tuple.of(jobId))
        .map(rows -> Rows.first(rows, JobRows::job));
  }

  /** Jobs newest first, of a kind and in a state when given. */
  Future<List<Job>> list(Optional<String> kind, Optional<String> state, int limit) {
    return pool.preparedQuery(
            JobRows.SELECT_JOB
                + "where ($1::text is null or j.kind = $1) and ($2::text is null or j.state = $2)"
                + " order by j.created_at desc, j.id limit $3")
        .execute(Tuple.of(kind.orElse(null), state.orElse(null), limit))
        .map(rows -> Rows.all(rows, JobRows::job));
  }

  /** Jobs a previous run left planned or running, oldest first. */
  Future<List<Job>> unfinished() {
    return pool.preparedQuery(
            JobRows.SELECT_JOB
                + "where j.state in ('planned', 'running') order by j.created_at, j.id")
        .execute()
        .map(rows -> Rows.all(rows, JobRows::job));
  }

  /** The items still to move on (planned or in flight), in order. */
  Future<List<JobItem>> openItems(UUID jobId, int afterPosition, int limit) {
    return pool.preparedQuery(
            "select * from job_item where job_id = $1 and state in ('planned', 'in_flight')"
                + " and position > $2 order by position limit $3")
        .execute(Tuple.of(jobId, afterPosition, limit))
        .map(rows -> Rows.all(rows, JobRows::item));
  }

  /** A page of items after {@code afterPosition}, with an outcome when given. */
  Future<List<JobItem>> items(UUID jobId, Optional<String> outcome, int afterPosition, int limit) {
    return pool.preparedQuery(
            "select * from job_item where job_id = $1 and ($2::text is null or outcome = $2)"
                + " and position > $3 order by position limit $4")
        .execute(Tuple.of(jobId, outcome.orElse(null), afterPosition, limit))
        .map(rows -> Rows.all(rows, JobRows::item));
  }

  /** What a new job is before it is stored. */
  record NewJob(
      UUID id,
      String kind,
      JsonObject params,
      String trigger,
      String requestedBy,
      Optional<Instant> slot,
      boolean exclusive,
      Instant createdAt) {}
}
