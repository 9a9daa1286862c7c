package jp.oqsgateway.gateway.oqs.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.RecordCopies;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An exchange's end that cannot be recorded at once (the database refusing the commit for a few
 * seconds) is tried again until it is, as first decided, and the caller waiting on the exchange is
 * told: an exchange never stays pending in silence. The database's refusal is a trigger on {@code
 * oqs_exchange} failing every update to a final state, dropped when the fault is over.
 */
class EndsRecordedDespiteFaultsTest {
  /** Longer than the first retries (1 s, 2 s after the first attempt) need. */
  private static final long TOLD_WITHIN_SECONDS = 15;

  private static PgEndpoint db;
  private LinkHarness h;

  @BeforeAll
  static void database() throws Exception {
    db = LinkHarness.migratedDatabase("endsretried");
    try (Connection c = TestDatabase.connect(db)) {
      TestDatabase.execute(
          c,
          "create function refuse_ends() returns trigger language plpgsql as $$ begin raise"
              + " exception 'database unavailable (test)'; end $$");
    }
  }

  @AfterEach
  void stop() throws Exception {
    refuseEnds(false);
    LinkHarness.closeAll(h == null ? null : h.terminal, h);
  }

  private static void refuseEnds(boolean on) throws Exception {
    try (Connection c = TestDatabase.connect(db)) {
      TestDatabase.execute(
          c,
          on
              ? "create trigger refuse_ends before update on oqs_exchange for each row when"
                  + " (new.state in ('OUTCOME_UNKNOWN','FAILED','TIMED_OUT')) execute function"
                  + " refuse_ends()"
              : "drop trigger if exists refuse_ends on oqs_exchange");
    }
  }

  private LinkHarness link(Duration timeout) {
    h =
        new LinkHarness(
            db, c -> RecordCopies.with(c, Map.of("defaultTimeout", timeout, "timeouts", Map.of())));
    return h;
  }

  private Exchange submitCheck() {
    return h.link.submit(OqsRequest.of(RequestKind.SIQUC01, OqsLinkTest.cardCheck(null))).await();
  }

  /** The outcome the caller waits on, or a failure of the test when it is not told in time. */
  private static ExchangeOutcome told(Future<ExchangeOutcome> outcome) throws Exception {
    try {
      return outcome
          .toCompletionStage()
          .toCompletableFuture()
          .get(TOLD_WITHIN_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the caller waiting on the exchange was not told within "
              + TOLD_WITHIN_SECONDS
              + " s of the database accepting commits again");
    }
  }

  private double endRetries() {
    return h.counter("oqsgw.oqs.exchange.end.retries");
  }

  @Test
  void
      aTakenRequestWhoseDeadlineCannotBeRecordedForAFewSecondsStillEndsOutcomeUnknownAndTheWaitingCallerIsTold()
          throws Exception {
    link(Duration.ofSeconds(2));
    Exchange e = submitCheck();
    h.terminal.take("OQSsiquc01"); // taken, never answered
    Future<ExchangeOutcome> outcome = h.link.outcome(e.id());

    refuseEnds(true);
    Thread.sleep(4_500); // the deadline (2 s) and the retry after 1 s are refused
    refuseEnds(false);

    ExchangeOutcome o = told(outcome);
    assertThat(o.state()).isEqualTo(ExchangeState.OUTCOME_UNKNOWN);
    assertThat(o.error())
        .hasValueSatisfying(m -> assertThat(m).contains("not answered within 2 s"));
    assertThat(h.state(e.id())).isEqualTo(ExchangeState.OUTCOME_UNKNOWN);
    assertThat(h.link.status().await().pending()).isZero();
    assertThat(endRetries()).as("failed attempts counted").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aRequestNeverPickedUpWhoseFailureCannotBeRecordedForAFewSecondsStillEndsFailedAsWithdrawn()
      throws Exception {
    link(Duration.ofSeconds(2));
    Exchange e = submitCheck(); // the terminal's link program is not running
    Future<ExchangeOutcome> outcome = h.link.outcome(e.id());

    refuseEnds(true);
    Thread.sleep(4_500); // the deadline withdraws the request; its FAILED is refused twice
    refuseEnds(false);

    ExchangeOutcome o = told(outcome);
    // As the first attempt decided: withdrawn, so never taken (not OUTCOME_UNKNOWN, although the
    // request is no longer in req/ while the end is tried again).
    assertThat(o.state()).isEqualTo(ExchangeState.FAILED);
    assertThat(o.error())
        .hasValueSatisfying(m -> assertThat(m).contains("link program not picking up files"));
    assertThat(o.exchange().pickedUpAt()).isEmpty();
    assertThat(Files.exists(h.root.resolve("req").resolve(e.requestFile()))).isFalse();
    LinkStatus status = h.link.status().await();
    assertThat(status.state()).isEqualTo(LinkStatus.State.DOWN);
    assertThat(status.pending()).isZero();
    assertThat(endRetries()).as("failed attempts counted").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aReturnedRequestWhoseFailureCannotBeRecordedAtOnceStillEndsFailedNotOutcomeUnknown()
      throws Exception {
    link(Duration.ofSeconds(4));
    Exchange e = submitCheck();
    Future<ExchangeOutcome> outcome = h.link.outcome(e.id());

    refuseEnds(true);
    h.terminal.returnToRes("OQSsiquc01"); // returned unprocessed, no .err
    Thread.sleep(1_500); // its FAILED (after the .err grace, 400 ms) is refused
    refuseEnds(false);

    ExchangeOutcome o = told(outcome);
    assertThat(o.state()).isEqualTo(ExchangeState.FAILED);
    assertThat(o.error())
        .hasValueSatisfying(m -> assertThat(m).contains("returned the request unprocessed"));
    assertThat(endRetries()).as("failed attempts counted").isGreaterThanOrEqualTo(1);
  }

  @Test
  void aBulkDownloadStillProcessingIsAskedAgainEvenWhileTheFileWorkersRefuseNewWork()
      throws Exception {
    link(Duration.ofSeconds(8));
    Exchange e = h.link.submit(SimulatedRequests.bulkDownload("20250602000000000001")).await();
    h.stop();
    // From the restart on, the file pool refuses every new task, as a full queue does: a check
    // submitted now would be refused (503), but this download was accepted before.
    h.filesMaxQueued = 0;
    h.terminal.injectStillProcessing(RequestKind.MUQUC02, 1);
    h.terminal.start();
    h.restartStopped();

    ExchangeOutcome o = told(h.link.outcome(e.id()));
    assertThat(o.error()).isEmpty();
    assertThat(o.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(o.exchange().reaskCount()).isEqualTo(1);
  }
}
