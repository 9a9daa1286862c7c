package jp.oqsgateway.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.sql.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schedule slot (a time of day in Japan) is one job: run once however often the gateway restarts
 * or its clock is set back, caught up once when missed by less than the grace (2h here), skipped
 * when missed by more.
 */
class ScheduledJobsRunOnceTest {
  private static PgEndpoint db;

  @BeforeAll
  static void database() {
    db = JobsHarness.migratedDatabase("jobs-schedule");
  }

  private static Instant tokyo(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(JobsHarness.TOKYO).toInstant();
  }

  private static JobsHarness gateway(String kind, SettableClock clock) {
    return gateway(new CountingKind(kind, Set.of("ops"), true, new CountingKind.Effects()), clock);
  }

  private static JobsHarness gateway(CountingKind kind, SettableClock clock) {
    Map<String, List<LocalTime>> times =
        Map.of(kind.name(), List.of(LocalTime.of(2, 0), LocalTime.of(14, 0)));
    return new JobsHarness(db, JobsHarness.config(2, times), clock, kind);
  }

  private static void tick(JobsHarness h, SettableClock clock) {
    new JobSchedule(h.jobs, h.config, clock).tick().await();
  }

  private static List<Instant> slotsRun(JobsHarness h, String kind) {
    return Rows.all(
        h.pool
            .preparedQuery(
                "select scheduled_slot from job where kind = $1 and trigger = 'schedule'"
                    + " order by scheduled_slot")
            .execute(io.vertx.sqlclient.Tuple.of(kind))
            .await(),
        r -> r.getOffsetDateTime("scheduled_slot").toInstant());
  }

  private static void awaitAllEnded(JobsHarness h, String kind) {
    h.jobs
        .list(java.util.Optional.of(kind), java.util.Optional.empty(), 100)
        .await()
        .forEach(j -> h.awaitEnded(j.id()));
  }

  @Test
  void aSlotRunsOnceAcrossARestart() {
    SettableClock clock = new SettableClock(tokyo("2026-12-05T02:00:30"));
    try (JobsHarness first = gateway("sched-restart", clock)) {
      tick(first, clock);
      tick(first, clock);
      awaitAllEnded(first, "sched-restart");
    }
    try (JobsHarness second = gateway("sched-restart", clock)) {
      tick(second, clock);
      assertThat(slotsRun(second, "sched-restart")).containsExactly(tokyo("2026-12-05T02:00:00"));
      Job job =
          second
              .jobs
              .list(java.util.Optional.of("sched-restart"), java.util.Optional.empty(), 5)
              .await()
              .get(0);
      assertThat(job.trigger()).isEqualTo(Job.TRIGGER_SCHEDULE);
      assertThat(job.state()).isEqualTo(Job.DONE);
      assertThat(job.counts().done()).isEqualTo(3);
    }
  }

  @Test
  void theLatestMissedSlotWithinTheGraceIsCaughtUpOnceAndOneMissedByMoreIsSkipped() {
    SettableClock clock = new SettableClock(tokyo("2026-12-05T03:30:00"));
    try (JobsHarness h = gateway("sched-catch-up", clock)) {
      tick(h, clock);
      tick(h, clock);
      // The next morning the gateway starts 2h30 after 02:00: too late for that slot.
      clock.set(tokyo("2026-12-06T04:30:00"));
      tick(h, clock);
      awaitAllEnded(h, "sched-catch-up");
      assertThat(slotsRun(h, "sched-catch-up")).containsExactly(tokyo("2026-12-05T02:00:00"));
    }
  }

  @Test
  void aClockSetBackDoesNotRunASlotAgain() {
    SettableClock clock = new SettableClock(tokyo("2026-12-05T14:01:00"));
    try (JobsHarness h = gateway("sched-clock-back", clock)) {
      tick(h, clock);
      clock.set(tokyo("2026-12-05T13:50:00"));
      tick(h, clock);
      clock.set(tokyo("2026-12-05T14:05:00"));
      tick(h, clock);
      awaitAllEnded(h, "sched-clock-back");
      assertThat(slotsRun(h, "sched-clock-back")).containsExactly(tokyo("2026-12-05T14:00:00"));
    }
  }

  @Test
  void aSlotThatComesWhileTheKindStillRunsIsRecordedAsSkippedAndNotRunLater() {
    SettableClock clock = new SettableClock(tokyo("2026-12-05T01:00:00"));
    CountingKind held =
        new CountingKind("sched-overlap", Set.of("ops"), true, new CountingKind.Effects())
            .holdingAfterSending(p -> true);
    try (JobsHarness h = gateway(held, clock)) {
      var running = h.start("sched-overlap", 2);
      clock.set(tokyo("2026-12-05T02:00:10"));
      tick(h, clock);
      tick(h, clock);
      held.release();
      h.awaitEnded(running);
      clock.set(tokyo("2026-12-05T02:10:00"));
      tick(h, clock);

      assertThat(slotsRun(h, "sched-overlap")).containsExactly(tokyo("2026-12-05T02:00:00"));
      Job skipped =
          h.jobs
              .list(java.util.Optional.of("sched-overlap"), java.util.Optional.of("failed"), 5)
              .await()
              .get(0);
      assertThat(skipped.error()).hasValueSatisfying(e -> assertThat(e).startsWith("skipped: "));
      assertThat(skipped.counts().total()).isZero();
    }
  }
}
