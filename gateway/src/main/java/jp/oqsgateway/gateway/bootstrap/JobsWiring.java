package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.http.ApiOperations;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.jobs.JobHandlers;
import jp.oqsgateway.gateway.jobs.JobKind;
import jp.oqsgateway.gateway.jobs.JobMetrics;
import jp.oqsgateway.gateway.jobs.JobSchedule;
import jp.oqsgateway.gateway.jobs.JobStore;
import jp.oqsgateway.gateway.jobs.Jobs;

/**
 * Jobs (docs/JOBS.md): the kinds the gateway runs, the jobs a previous run left unfinished resumed,
 * the schedule started, and the API's job operations.
 */
final class JobsWiring {
  private JobsWiring() {}

  /**
   * The kinds of job this gateway runs: those of its workflows (each registered here, built from
   * {@code domain}), then {@code added} (a test's own kinds).
   */
  static List<JobKind> kinds(Domain domain, List<JobKind> added) {
    List<JobKind> kinds = new ArrayList<>(domain.jobKinds());
    kinds.addAll(added);
    return kinds;
  }

  /** Resumes unfinished jobs, starts the schedule; stopping cancels it. */
  static Jobs start(
      GatewayConfig config, Platform platform, List<JobKind> kinds, OpenedParts opened) {
    Clock clock = Clock.systemUTC();
    Jobs jobs =
        new Jobs(
            new JobStore(platform.pool()),
            platform.outbox(),
            kinds,
            new JobMetrics(platform.metrics().registry(), kinds),
            clock,
            config.jobs());
    jobs.resume().await();
    Vertx vertx = platform.vertx();
    long timer = new JobSchedule(jobs, config.jobs(), clock).start(vertx);
    opened.push(() -> vertx.cancelTimer(timer));
    return jobs;
  }

  static ApiOperations operations(Jobs jobs, ReadAudit audit) {
    return new JobHandlers(jobs, audit)::register;
  }
}
