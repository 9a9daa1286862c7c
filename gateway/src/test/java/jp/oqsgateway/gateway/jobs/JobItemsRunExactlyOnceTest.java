package jp.oqsgateway.gateway.jobs;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.sql.Rows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each item of a job moves on once: its effect inside the database commits with its end, its
 * outside effect is sent once and, after a crash, followed rather than sent again.
 */
class JobItemsRunExactlyOnceTest {
  private static PgEndpoint db;

  @BeforeAll
  static void database() {
    db = JobsHarness.migratedDatabase("jobs-exactly-once");
  }

  private static long effects(JobsHarness h, UUID jobId) {
    return h.count("select count(*) from job_test_effect where job_id = $1", jobId);
  }

  private static long items(JobsHarness h, UUID jobId, String state) {
    return h.count("select count(*) from job_item where job_id = $1 and state = $2", jobId, state);
  }

  @Test
  void aJobWithFarMoreLanesThanPoolConnectionsFinishesWhenItsKindReadsThroughThePool() {
    CountingKind.Effects effects = new CountingKind.Effects();
    CountingKind kind = new CountingKind("reading", Set.of("ops"), true, effects);
    // 32 lanes on a pool of 4: without a bound on the transactions held at once, every connection
    // holds an item's transaction and waits for another one, for ever.
    try (JobsHarness h =
        new JobsHarness(db, JobsHarness.config(32, Map.of()), Clock.systemUTC(), kind)) {
      kind.readingThrough(h.pool);
      UUID jobId = h.start("reading", 200);
      Job job = h.awaitEnded(jobId);

      assertThat(job.state()).isEqualTo(Job.DONE);
      assertThat(job.counts().done()).isEqualTo(200);
      assertThat(effects(h, jobId)).isEqualTo(200);
      assertThat(effects.sent.values()).hasSize(100).allMatch(n -> n.get() == 1);
    }
  }

  @Test
  void everyItemOfALargeJobIsProcessedExactlyOnceAndItsProgressEventsAreFewAndCommitted() {
    CountingKind.Effects effects = new CountingKind.Effects();
    CountingKind kind = new CountingKind("counting", Set.of("ops"), true, effects);
    try (JobsHarness h =
        new JobsHarness(db, JobsHarness.config(4, Map.of()), Clock.systemUTC(), kind)) {
      UUID jobId = h.start("counting", 250);
      Job job = h.awaitEnded(jobId);

      assertThat(job.state()).isEqualTo(Job.DONE);
      assertThat(job.counts().done()).isEqualTo(250);
      assertThat(job.counts().outcomes()).isEqualTo(Map.of("written", 125, "sent", 125));
      assertThat(effects(h, jobId)).isEqualTo(250);
      List<UUID> references =
          Rows.all(
              h.pool
                  .preparedQuery(
                      "select reference from job_item where job_id = $1 and position % 2 = 0")
                  .execute(io.vertx.sqlclient.Tuple.of(jobId))
                  .await(),
              r -> r.getUUID("reference"));
      assertThat(effects.sent.keySet()).containsExactlyInAnyOrderElementsOf(references);
      assertThat(effects.sent.values()).allMatch(n -> n.get() == 1);
      assertThat(effects.resumed).isEmpty();

      List<JsonObject> events =
          Rows.all(
              h.pool
                  .preparedQuery(
                      "select payload from outbox_event where type = 'job.progress'"
                          + " and payload->>'jobId' = $1 order by recorded_at, id")
                  .execute(io.vertx.sqlclient.Tuple.of(jobId.toString()))
                  .await(),
              r -> (JsonObject) r.getJson("payload"));
      // One at the start, one per 100 items at most (the interval is an hour), one at the end.
      assertThat(events).hasSizeBetween(2, 2 + 250 / ProgressEvents.EVERY_ITEMS);
      assertThat(events.get(0).getString("state")).isEqualTo(Job.RUNNING);
      JsonObject last = events.get(events.size() - 1);
      assertThat(last.getString("state")).isEqualTo(Job.DONE);
      assertThat(last.getInteger("total")).isEqualTo(250);
      assertThat(last.getInteger("done")).isEqualTo(250);
      assertThat(last.getJsonObject("outcomes").getInteger("sent")).isEqualTo(125);
      assertThat(last.encode()).doesNotContain("P-00");
      assertThat(
              h.registry
                  .get("oqsgw.jobs.items")
                  .tags("kind", "counting", "outcome", "written")
                  .counter()
                  .count())
          .isEqualTo(125);
      assertThat(
              h.registry
                  .get("oqsgw.jobs.items")
                  .tags("kind", "counting", "outcome", "sent")
                  .counter()
                  .count())
          .isEqualTo(125);
      assertThat(
              h.registry
                  .get("oqsgw.jobs.runs")
                  .tags("kind", "counting", "outcome", "done")
                  .counter()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void aRunKilledInTheMiddleIsFinishedByTheNextStartFollowingWhatWasInFlightAndNothingTwice() {
    CountingKind.Effects effects = new CountingKind.Effects();
    // Items 0, 2, 4, 6 are sent and never answered; item 7 waits inside its open transaction.
    CountingKind first =
        new CountingKind("counting", Set.of("ops"), true, effects)
            .holdingAfterSending(p -> true)
            .holdingInTransaction(p -> p == 7);
    JobsHarness before =
        new JobsHarness(db, JobsHarness.config(5, Map.of()), Clock.systemUTC(), first);
    UUID jobId = before.start("counting", 10);
    await("five items held")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                items(before, jobId, JobItem.IN_FLIGHT) == 4
                    && items(before, jobId, JobItem.DONE) == 3);
    List<UUID> inFlight = List.copyOf(effects.sent.keySet());
    before.kill();

    CountingKind second = new CountingKind("counting", Set.of("ops"), true, effects);
    try (JobsHarness after =
        new JobsHarness(db, JobsHarness.config(5, Map.of()), Clock.systemUTC(), second)) {
      after.jobs.resume().await();
      Job job = after.awaitEnded(jobId);

      assertThat(job.state()).isEqualTo(Job.DONE);
      assertThat(job.counts().done()).isEqualTo(10);
      assertThat(effects(after, jobId)).as("one row per item, item 7's rolled back").isEqualTo(10);
      assertThat(effects.resumed).containsExactlyInAnyOrderElementsOf(inFlight);
      assertThat(effects.sent).hasSize(5);
      assertThat(effects.sent.values()).allMatch(n -> n.get() == 1);
    }
  }

  @Test
  void twoGatewaysRunningTheSameJobAtOnceSendEachItemOnce() {
    CountingKind.Effects effects = new CountingKind.Effects();
    // The first gateway's five lanes hold items 0 to 4 in their open transactions while the second
    // gateway runs the whole job; released, the first finds them taken and sends nothing.
    CountingKind held =
        new CountingKind("shared", Set.of("ops"), false, effects).holdingInTransaction(p -> p < 5);
    try (JobsHarness first =
        new JobsHarness(db, JobsHarness.config(5, Map.of()), Clock.systemUTC(), held)) {
      UUID jobId = first.start("shared", 40);
      CountingKind free = new CountingKind("shared", Set.of("ops"), false, effects);
      try (JobsHarness second =
          new JobsHarness(db, JobsHarness.config(5, Map.of()), Clock.systemUTC(), free)) {
        second.jobs.resume().await();
        await("every item ended by the second gateway")
            .atMost(Duration.ofSeconds(30))
            .until(() -> items(second, jobId, JobItem.DONE) == 40);
        held.release();
        Job job = first.awaitEnded(jobId);

        assertThat(job.state()).isEqualTo(Job.DONE);
        assertThat(job.counts().outcomes()).isEqualTo(Map.of("written", 20, "sent", 20));
        assertThat(effects.sent).as("one reference sent per even item").hasSize(20);
        assertThat(effects.sent.values()).allMatch(n -> n.get() == 1);
      }
    }
  }

  @Test
  void
      anEventAnItemsEndAnnouncesIsWrittenOnceWhenACrashStopsTheEndingCommitAndTheNextStartResumes() {
    CountingKind.Effects effects = new CountingKind.Effects();
    // The first "process" ends its sent items announcing an event whose id is already taken: the
    // ending transaction fails at its last insert, as a crash before that commit would leave it.
    UUID taken = UUID.randomUUID();
    Function<UUID, List<Event>> announced =
        reference ->
            List.of(
                new Event(
                    UUID.randomUUID(),
                    EventType.HOMEVISIT_ALERT,
                    Instant.now(),
                    new JsonObject().put("reference", reference.toString())));
    CountingKind first =
        new CountingKind("announcing", Set.of("ops"), true, effects)
            .announcing(
                reference ->
                    List.of(
                        new Event(
                            taken,
                            EventType.HOMEVISIT_ALERT,
                            Instant.now(),
                            new JsonObject().put("reference", reference.toString()))));
    JobsHarness before =
        new JobsHarness(db, JobsHarness.config(4, Map.of()), Clock.systemUTC(), first);
    new Outbox()
        .appendAlone(
            before.pool,
            new Event(taken, EventType.HOMEVISIT_ALERT, Instant.now(), new JsonObject()))
        .await();
    UUID jobId = before.start("announcing", 4);
    await("the sent items left in flight by their failed end")
        .atMost(Duration.ofSeconds(20))
        .until(() -> items(before, jobId, JobItem.IN_FLIGHT) == 2);
    assertThat(announcedFor(before, jobId)).as("nothing announced by a rolled-back end").isZero();
    before.kill();

    CountingKind second =
        new CountingKind("announcing", Set.of("ops"), true, effects).announcing(announced);
    try (JobsHarness after =
        new JobsHarness(db, JobsHarness.config(2, Map.of()), Clock.systemUTC(), second)) {
      after.jobs.resume().await();
      Job job = after.awaitEnded(jobId);

      assertThat(job.counts().outcomes()).containsEntry("sent", 2);
      assertThat(effects.resumed).hasSize(2);
      assertThat(announcedFor(after, jobId)).as("one event per sent item").isEqualTo(2);
      assertThat(
              after.count(
                  "select count(distinct payload->>'reference') from outbox_event"
                      + " where payload->>'reference' in (select reference::text from job_item"
                      + " where job_id = $1)",
                  jobId))
          .isEqualTo(2);
    }
  }

  private static long announcedFor(JobsHarness h, UUID jobId) {
    return h.count(
        "select count(*) from outbox_event where payload->>'reference' in"
            + " (select reference::text from job_item where job_id = $1)",
        jobId);
  }

  @Test
  void anItemItsKindFailsEndsAsErrorWithoutItsEffectAndTheOthersGoOn() {
    CountingKind.Effects effects = new CountingKind.Effects();
    CountingKind kind =
        new CountingKind("failing", Set.of("ops"), true, effects).failingAt(p -> p == 1);
    try (JobsHarness h =
        new JobsHarness(db, JobsHarness.config(2, Map.of()), Clock.systemUTC(), kind)) {
      UUID jobId = h.start("failing", 4);
      Job job = h.awaitEnded(jobId);

      assertThat(job.state()).isEqualTo(Job.DONE);
      assertThat(job.counts().failed()).isEqualTo(1);
      assertThat(job.counts().outcomes()).containsEntry(ItemOutcome.ERROR, 1);
      assertThat(effects(h, jobId)).isEqualTo(3);
      JobItem failed = h.jobs.items(jobId, java.util.Optional.of("error"), -1, 10).await().get(0);
      assertThat(failed.position()).isEqualTo(1);
      assertThat(failed.detail()).hasValue("internal error (IllegalStateException)");
    }
  }

  @Test
  void everyRegisteredKindHasItsMetricsAtZeroFromTheStart() {
    CountingKind kind = new CountingKind("idle", Set.of("ops"), false, new CountingKind.Effects());
    try (JobsHarness h =
        new JobsHarness(db, JobsHarness.config(1, Map.of()), Clock.systemUTC(), kind)) {
      AtomicInteger series = new AtomicInteger();
      h.registry.getMeters().stream()
          .filter(m -> m.getId().getName().startsWith("oqsgw.jobs."))
          // a simple registry shows the duration's histogram buckets as gauges of their own
          .filter(m -> !m.getId().getName().endsWith(".histogram"))
          .forEach(m -> series.incrementAndGet());
      assertThat(h.registry.get("oqsgw.jobs.running").tag("kind", "idle").gauge().value()).isZero();
      assertThat(h.registry.get("oqsgw.jobs.items").tags("outcome", "error").counter().count())
          .isZero();
      // runs done and failed, items written, sent and error, the duration, running, last success
      assertThat(series.get()).isEqualTo(8);
    }
  }
}
