package jp.oqsgateway.gateway.http.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.ReadAudit.Shown;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.jobs.Job;
import jp.oqsgateway.gateway.jobs.JobItem;
import jp.oqsgateway.gateway.jobs.JobKind;
import jp.oqsgateway.gateway.jobs.Jobs;

/**
 * The jobs operations (docs/JOBS.md; roles ops and clinician, a kind may narrow who starts it):
 * start one, list them, read one with its counts, and page through its items. Ids, counts and slugs
 * only: an item's payload never leaves the gateway.
 */
public final class JobHandlers {
  private static final int DEFAULT_LIST_LIMIT = 20;
  private static final int DEFAULT_ITEMS_LIMIT = 100;

  private final Jobs jobs;
  private final ReadAudit audit;

  public JobHandlers(Jobs jobs, ReadAudit audit) {
    this.jobs = jobs;
    this.audit = audit;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("createJob").addHandler(this::create);
    builder.getRoute("listJobs").addHandler(this::list);
    builder.getRoute("getJob").addHandler(this::get);
    builder.getRoute("listJobItems").addHandler(this::items);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    Caller caller = Caller.of(ctx);
    Set<String> roles =
        caller.roles().stream().map(Role::claimValue).collect(Collectors.toUnmodifiableSet());
    jobs.start(
            body.getString("kind"),
            body.getJsonObject("params", new JsonObject()),
            roles,
            caller.subject())
        .onSuccess(job -> Requests.answerAt(ctx, 202, "/api/v1/jobs/" + job.id(), JobJson.job(job)))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    jobs.list(
            Requests.query(ctx, "kind"),
            Requests.query(ctx, "state"),
            Requests.queryInt(ctx, "limit").orElse(DEFAULT_LIST_LIMIT))
        .onSuccess(
            list -> ctx.json(new JsonObject().put("jobs", Requests.array(list, JobJson::job))))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID jobId = Requests.pathId(ctx, "jobId");
    jobs.find(jobId)
        .map(job -> job.orElseThrow(() -> unknown(jobId)))
        .onSuccess(job -> ctx.json(JobJson.job(job)))
        .onFailure(ctx::fail);
  }

  private void items(RoutingContext ctx) {
    UUID jobId = Requests.pathId(ctx, "jobId");
    Optional<String> outcome = Requests.query(ctx, "outcome");
    int after = Requests.queryInt(ctx, "after").orElse(-1);
    int limit = Requests.queryInt(ctx, "limit").orElse(DEFAULT_ITEMS_LIMIT);
    jobs.find(jobId)
        .map(job -> job.orElseThrow(() -> unknown(jobId)))
        .compose(
            job ->
                jobs.items(job.id(), outcome, after, limit)
                    .compose(page -> audited(ctx, job, page).map(page)))
        .onSuccess(
            page -> {
              JsonObject json =
                  new JsonObject()
                      .put("jobId", jobId.toString())
                      .put("items", Requests.array(page, JobJson::item));
              if (page.size() == limit) {
                json.put("next", page.get(page.size() - 1).position());
              }
              ctx.json(json);
            })
        .onFailure(ctx::fail);
  }

  /** Records the items shown when they name patients (a kind's {@code itemsNamePatients}). */
  private Future<Void> audited(RoutingContext ctx, Job job, List<JobItem> page) {
    JobKind kind = jobs.kinds().get(job.kind());
    if (kind == null || !kind.itemsNamePatients() || page.isEmpty()) {
      return Future.succeededFuture();
    }
    return audit.recordAll(
        ctx,
        Purpose.JOB_ITEMS,
        page.stream().map(i -> new Shown(Optional.of(i.key()), i.reference())).toList());
  }

  private static Rejection unknown(UUID jobId) {
    return Rejection.notFound("jobId", "jobId: no job " + jobId);
  }

  /** The JSON of jobs and items as the OpenAPI document describes them. */
  static final class JobJson {
    private JobJson() {}

    static JsonObject job(Job job) {
      JsonObject json =
          new JsonObject()
              .put("id", job.id().toString())
              .put("kind", job.kind())
              .put("params", job.params())
              .put("trigger", job.trigger())
              .put("requestedBy", job.requestedBy())
              .put("state", job.state())
              .put("createdAt", job.createdAt().toString());
      job.scheduledSlot().ifPresent(t -> json.put("scheduledSlot", t.toString()));
      job.startedAt().ifPresent(t -> json.put("startedAt", t.toString()));
      job.finishedAt().ifPresent(t -> json.put("finishedAt", t.toString()));
      job.error().ifPresent(e -> json.put("error", e));
      return json.mergeIn(job.counts().toJson());
    }

    static JsonObject item(JobItem item) {
      JsonObject json =
          new JsonObject()
              .put("position", item.position())
              .put("key", item.key())
              .put("state", item.state())
              .put("updatedAt", item.updatedAt().toString());
      item.outcome().ifPresent(o -> json.put("outcome", o));
      item.detail().ifPresent(d -> json.put("detail", d));
      item.reference().ifPresent(r -> json.put("reference", r.toString()));
      return json;
    }
  }
}
