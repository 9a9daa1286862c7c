package jp.oqsgateway.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.sql.RowIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's jobs (docs/JOBS.md): the registered kinds, a job started through the API or by the
 * schedule (planned with all its items in one transaction, then run in the background), the jobs as
 * stored, and the resumption at start of what a previous run left unfinished.
 */
public final class Jobs {
  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
  private static final String ADMIN = "admin";

  private final JobStore store;
  private final Map<String, JobKind> kinds;
  private final JobRunner runner;
  private final Clock clock;

  public Jobs(
      JobStore store,
      Outbox outbox,
      List<JobKind> kinds,
      JobMetrics metrics,
      Clock clock,
      JobsConfig config) {
    this.store = store;
    Map<String, JobKind> byName = new TreeMap<>();
    for (JobKind kind : kinds) {
      if (byName.put(kind.name(), kind) != null) {
        throw new IllegalArgumentException("two job kinds are named " + kind.name());
      }
    }
    for (String scheduled : config.schedules().keySet()) {
      if (!byName.containsKey(scheduled)) {
        throw new IllegalArgumentException(
            "jobs.schedules: no job kind is named "
                + scheduled
                + " (known: "
                + String.join(", ", byName.keySet())
                + ")");
      }
    }
    this.kinds = Collections.unmodifiableMap(byName);
    this.runner = new JobRunner(store, new ProgressEvents(store, outbox), metrics, clock, config);
    this.clock = clock;
  }

  /** The kinds by name. */
  public Map<String, JobKind> kinds() {
    return kinds;
  }

  /**
   * Plans a job on a caller's demand and runs it in the background.
   *
   * @param roles the caller's role claim values ({@code admin} may start every kind)
   * @throws Rejection (failed future) 400 for an unknown kind or bad params naming the field, 403
   *     when the kind narrows its roles, 409 {@code job-running} naming the running job
   */
  public Future<Job> start(String kind, JsonObject params, Set<String> roles, String requestedBy) {
    JobKind k = kinds.get(kind);
    if (k == null) {
      return Future.failedFuture(
          Rejection.invalid("kind", "must be one of: " + String.join(", ", kinds.keySet())));
    }
    if (!roles.contains(ADMIN) && Collections.disjoint(k.startRoles(), roles)) {
      return Future.failedFuture(
          Rejection.of(
                  Rejection.Kind.FORBIDDEN,
                  "role-not-allowed",
                  "Role not allowed",
                  "kind: " + kind + " may be started by " + String.join(", ", k.startRoles()))
              .onField("kind"));
    }
    JsonObject valid;
    try {
      valid = k.validate(params);
    } catch (RuntimeException r) { // a Rejection as the kind meant it; anything else a 500
      return Future.failedFuture(r);
    }
    Future<Void> free =
        k.allowsOverlap()
            ? Future.succeededFuture()
            : store
                .activeJob(store.pool(), kind)
                .compose(
                    running ->
                        running.isEmpty()
                            ? Future.succeededFuture()
                            : Future.failedFuture(JobStore.running(running.get())));
    return free.compose(v -> plan(k, valid, Job.TRIGGER_API, requestedBy, Optional.empty()));
  }

  /**
   * Plans and runs the job of a schedule slot, unless the slot has its job already; a slot that
   * comes while its kind's previous job still runs is recorded as skipped.
   */
  Future<Void> startScheduled(String kind, Instant slot) {
    JobKind k = kinds.get(kind);
    return store
        .slotTaken(kind, slot)
        .compose(
            taken ->
                taken
                    ? Future.<Void>succeededFuture()
                    : plan(
                            k,
                            k.validate(new JsonObject()),
                            Job.TRIGGER_SCHEDULE,
                            "schedule",
                            Optional.of(slot))
                        .<Void>mapEmpty()
                        .recover(e -> scheduledConflict(k, slot, e)));
  }

  private Future<Void> scheduledConflict(JobKind kind, Instant slot, Throwable e) {
    if (e instanceof Rejection r && JobStore.JOB_RUNNING.equals(r.slug())) {
      LOG.atWarn()
          .addKeyValue("kind", kind.name())
          .addKeyValue("slot", slot)
          .log("scheduled job skipped: the kind's previous job is still running");
      return store.skipSlot(
          newJob(kind, new JsonObject(), Job.TRIGGER_SCHEDULE, "schedule", Optional.of(slot)),
          "skipped: " + r.detail());
    }
    if (e instanceof Rejection r && JobStore.SLOT_TAKEN.equals(r.slug())) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(e);
  }

  private Future<Job> plan(
      JobKind kind, JsonObject params, String trigger, String requestedBy, Optional<Instant> slot) {
    JobStore.NewJob job = newJob(kind, params, trigger, requestedBy, slot);
    PlanContext context = new PlanContext(job.id(), trigger, slot, requestedBy, job.createdAt());
    return kind.plan(params, context)
        .compose(items -> store.create(job, items))
        .onSuccess(created -> launch(kind, created.id()));
  }

  private JobStore.NewJob newJob(
      JobKind kind, JsonObject params, String trigger, String requestedBy, Optional<Instant> slot) {
    return new JobStore.NewJob(
        RowIds.next(),
        kind.name(),
        params,
        trigger,
        requestedBy,
        slot,
        !kind.allowsOverlap(),
        clock.instant());
  }

  private void launch(JobKind kind, UUID jobId) {
    runner.run(kind, jobId);
  }

  /**
   * Runs again, in the background, every job a previous run of the gateway left planned or running:
   * items in flight are resumed, planned ones processed. A job of a kind no longer registered is
   * left as it is (and logged).
   */
  public Future<Void> resume() {
    return store
        .unfinished()
        .onSuccess(
            jobs -> {
              for (Job job : jobs) {
                JobKind kind = kinds.get(job.kind());
                if (kind == null) {
                  LOG.atWarn()
                      .addKeyValue("jobId", job.id())
                      .addKeyValue("kind", job.kind())
                      .log("unfinished job of an unknown kind left as it is");
                } else {
                  launch(kind, job.id());
                }
              }
            })
        .mapEmpty();
  }

  public Future<Optional<Job>> find(UUID jobId) {
    return store.find(jobId);
  }

  public Future<List<Job>> list(Optional<String> kind, Optional<String> state, int limit) {
    return store.list(kind, state, limit);
  }

  /** A page of a job's items after {@code afterPosition}, with this outcome when given. */
  public Future<List<JobItem>> items(
      UUID jobId, Optional<String> outcome, int afterPosition, int limit) {
    return store.items(jobId, outcome, afterPosition, limit);
  }
}
