package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.oqs.link.SimulatedRequests.AS_OF;
import static jp.oqsgateway.gateway.oqs.link.SimulatedRequests.INSTITUTION;
import static jp.oqsgateway.gateway.oqs.link.SimulatedRequests.POPULATION;
import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.homevisit.CareForm;
import jp.oqsgateway.gateway.homevisit.HomeVisitMetrics;
import jp.oqsgateway.gateway.homevisit.HomeVisitStore;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.homevisit.ReinquiryOutcomes;
import jp.oqsgateway.gateway.homevisit.ReinquiryRules;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.QualificationSearch;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.qualification.CheckRequest;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.CheckStore;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.QualificationChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly once, not at most once: the process dies between the two steps of a delivery (the first
 * written inside the transaction, the commit not reached) and the next start does the whole thing,
 * once. "Dies" as {@link LinkHarness#kill} does it: Vert.x, its pool and the open transaction go
 * away without any orderly close, so PostgreSQL rolls the transaction back as it does for a killed
 * process.
 */
class CrashBetweenStepsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static PgEndpoint db;

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("crash-between-steps");
  }

  private static QualificationChecks checks(LinkHarness h) {
    return new QualificationChecks(
        h.vertx,
        new CheckStore(h.pool, new Outbox()),
        h.link,
        INSTITUTION,
        false,
        h.registry,
        MessageKind.OQS_SIHVQ01_REQ);
  }

  private static long count(LinkHarness h, String sql, Object... args) {
    return h.pool.preparedQuery(sql).execute(Tuple.from(args)).await().iterator().next().getLong(0);
  }

  @Test
  void aCardReadingNotCommittedWhenTheProcessDiesIsDeliveredAgainAndBecomesExactlyOneCheck() {
    try (LinkHarness h = new LinkHarness(db, c -> c)) {
      // Step one, the file's handled-record, is written; the process dies before step two.
      AtomicBoolean recorded = new AtomicBoolean();
      h.link.onFaceResult(
          (tx, doc) -> {
            recorded.set(true);
            return Promise.<Runnable>promise().future();
          });
      String now =
          LocalDateTime.now(ZoneId.of("Asia/Tokyo"))
              .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
      String name = h.terminal.writeFace(now, "5a5a5a5a5a3c3c3c3c3c").getFileName().toString();
      await("the file recorded as handled, not committed").atMost(WAIT).until(recorded::get);

      h.kill();
      h.restartStopped();
      QualificationChecks second = checks(h);
      List<QualificationCheck> ended = new CopyOnWriteArrayList<>();
      second.onEnded(ended::add);
      h.link.onFaceResult(second.cardReadings(Optional.empty()));
      await("the file delivered again").atMost(WAIT).until(() -> ended.size() == 1);

      h.restart();
      QualificationChecks third = checks(h);
      List<QualificationCheck> again = new CopyOnWriteArrayList<>();
      third.onEnded(again::add);
      h.link.onFaceResult(third.cardReadings(Optional.empty()));
      h.awaitScans(4);

      assertThat(ended.get(0).source()).isEqualTo("face");
      assertThat(again).as("nothing delivered after the file was handled").isEmpty();
      assertThat(count(h, "select count(*) from qualification_check where result_file = $1", name))
          .as("checks made from the file")
          .isEqualTo(1);
      assertThat(
              count(
                  h,
                  "select count(*) from oqs_processed_file where name = $1 and outcome ="
                      + " 'delivered'",
                  name))
          .as("handled-records of the file")
          .isEqualTo(1);
      assertThat(
              count(
                  h,
                  "select count(*) from outbox_event where type = 'check.answered'"
                      + " and payload->>'checkId' = $1",
                  ended.get(0).id().toString()))
          .as("check.answered events")
          .isEqualTo(1);
      assertThat(h.link.config().faceDir().resolve(name)).exists();
    }
  }

  @Test
  void oqsRefusingAReinquiryWhoseEndWasNotCommittedWhenTheProcessDiedIsRecordedOnceAfterRestart() {
    try (LinkHarness h = new LinkHarness(db, c -> c);
        SimulatorTerminal terminal = new SimulatorTerminal(h.root)) {
      terminal.start();
      // No home-visit consent at OQS: the simulator refuses the re-inquiry.
      SimulatedPerson patient = POPULATION.first("elderly:030");
      String chartId = "CRASH-" + UUID.randomUUID();
      Outbox outbox = new Outbox();
      UUID relationship =
          new HomeVisitStore(h.pool, outbox)
              .create(chartId, CareForm.MEDICAL, AS_OF.minusDays(10), "test")
              .await()
              .relationship()
              .orElseThrow()
              .id();
      // The end of the check is written and the process dies before the commit. What that
      // transaction would have committed is read inside it: the refusal is part of it.
      List<Optional<UUID>> seenInTheEnd = new CopyOnWriteArrayList<>();
      QualificationChecks first = checks(h);
      attachOutcomes(h, first);
      first.joinEnding(
          (tx, check) ->
              tx.preparedQuery("select refused_check_id from home_visit_relationship where id = $1")
                  .execute(Tuple.of(relationship))
                  .compose(
                      rows -> {
                        seenInTheEnd.add(Optional.ofNullable(rows.iterator().next().getUUID(0)));
                        return Promise.<Runnable>promise().future();
                      }));
      first.resume().await();
      QualificationCheck sent =
          first.create(reinquiry(patient, chartId, relationship), "api", "t").await();
      await("the end written, not committed").atMost(WAIT).until(() -> !seenInTheEnd.isEmpty());
      assertThat(seenInTheEnd).containsExactly(Optional.of(sent.id()));
      assertThat(state(h, sent.id())).isEqualTo(CheckState.WAITING);
      assertThat(refusedBy(h, relationship)).isEmpty();

      h.kill();
      h.restartStopped();
      withOutcomes(h).resume().await();
      await("the check ended after the restart")
          .atMost(WAIT)
          .until(() -> state(h, sent.id()) != CheckState.WAITING);
      assertThat(refusedBy(h, relationship)).contains(sent.id());

      h.restart();
      withOutcomes(h).resume().await();
      h.awaitScans(3);
      assertThat(refusedBy(h, relationship)).contains(sent.id());
      assertThat(
              count(
                  h,
                  "select count(*) from outbox_event where type = 'homevisit.alert'"
                      + " and payload->>'checkId' = $1",
                  sent.id().toString()))
          .as("homevisit.alert events")
          .isEqualTo(1);
      assertThat(endEventsOf(h, sent.id())).as("end events of the check").isEqualTo(1);
    }
  }

  @Test
  void anAnswerAndTheEndOfItsCheckCommitTogetherSoADeathBetweenThemLeavesTheAnswerToBeReadAgain() {
    try (LinkHarness h = new LinkHarness(db, c -> c);
        SimulatorTerminal terminal = new SimulatorTerminal(h.root)) {
      terminal.start();
      // The check's end is written inside the transaction that records the answer; the process
      // dies before that commit.
      List<UUID> seenInTheEnd = new CopyOnWriteArrayList<>();
      QualificationChecks first = checks(h);
      first.joinEnding(
          (tx, check) -> {
            seenInTheEnd.add(check.id());
            return Promise.<Runnable>promise().future();
          });
      first.resume().await();
      QualificationCheck sent =
          first.create(request(POPULATION.first("elderly:030")), "api", "t").await();
      await("the answer written, not committed").atMost(WAIT).until(() -> !seenInTheEnd.isEmpty());
      assertThat(h.state(sent.id()))
          .as("the exchange's answer waits for its check's end")
          .isNotEqualTo(ExchangeState.ANSWERED);
      assertThat(state(h, sent.id())).isEqualTo(CheckState.WAITING);

      killThenAnsweredAfterTheRestartAndOnceMore(h, sent.id());

      assertThat(h.state(sent.id())).isEqualTo(ExchangeState.ANSWERED);
      assertThat(terminal.filesWritten()).as("results the terminal wrote").isEqualTo(1);
      assertThat(endEventsOf(h, sent.id())).as("end events of the check").isEqualTo(1);
      assertThat(
              count(
                  h,
                  "select count(*) from oqs_processed_file where exchange_id = $1"
                      + " and outcome = 'answered'",
                  sent.id()))
          .as("handled-records of the result file")
          .isEqualTo(1);
    }
  }

  @Test
  void aRequestStoredButNotYetRenamedIntoReqWhenTheProcessDiesReachesTheTerminalOnceAfterRestart()
      throws Exception {
    try (LinkHarness h = new LinkHarness(db, c -> c);
        SimulatorTerminal terminal = new SimulatorTerminal(h.root)) {
      Exchange stored =
          h.link.submit(SimulatedRequests.singleCheck(POPULATION.first("elderly:030"))).await();
      Path req = h.link.config().reqDir();
      h.kill();
      // What a death between the exchange's row and the rename leaves: the row, and the request
      // under its staged name; and one staged before any row was stored (never promised).
      Files.move(req.resolve(stored.requestFile()), LinkFiles.staged(req, stored.requestFile()));
      Path unpromised = LinkFiles.staged(req, "OQSsiquc01req_20250602999999999.xml");
      Files.write(unpromised, new byte[] {'<'});

      h.restartStopped();
      terminal.start();
      await("the staged request answered")
          .atMost(WAIT)
          .until(() -> h.state(stored.id()) == ExchangeState.ANSWERED);

      assertThat(terminal.filesWritten()).as("results the terminal wrote").isEqualTo(1);
      assertThat(unpromised).as("a file staged before its row is removed").doesNotExist();
      try (var left = Files.list(req)) {
        assertThat(left.toList()).as("nothing of ours left in req/").isEmpty();
      }
    }
  }

  @Test
  void aCheckStoredButNotYetHandedToTheLinkWhenTheProcessDiesIsSentOnceByTheNextStart() {
    try (LinkHarness h = new LinkHarness(db, c -> c);
        SimulatorTerminal terminal = new SimulatorTerminal(h.root)) {
      terminal.start();
      SimulatedPerson patient = POPULATION.first("elderly:030");
      // A job item's transaction: the check is committed, the process dies before it is sent.
      QualificationCheck stored = storedNotSent(h, patient);
      killThenAnsweredAfterTheRestartAndOnceMore(h, stored.id());

      assertThat(terminal.filesWritten()).as("requests the terminal answered").isEqualTo(1);
      assertThat(exchangesOf(h)).as("exchanges created for the check").isEqualTo(1);
      assertThat(
              count(
                  h,
                  "select count(*) from qualification_check where id = $1 and exchange_id = $1",
                  stored.id()))
          .as("the check's first exchange carries its id")
          .isEqualTo(1);
    }
  }

  @Test
  void aCheckWhoseExchangeWasCreatedButNotRecordedWhenTheProcessDiedIsFollowedNotSentAgain() {
    try (LinkHarness h = new LinkHarness(db, c -> c);
        SimulatorTerminal terminal = new SimulatorTerminal(h.root)) {
      terminal.start();
      SimulatedPerson patient = POPULATION.first("elderly:030");
      QualificationCheck stored = storedNotSent(h, patient);
      // The link created the check's exchange and wrote its request; the process dies before the
      // check records it.
      h.link.submit(SimulatedRequests.singleCheck(patient), stored.id()).await();
      h.kill();

      h.restartStopped();
      checks(h).resume().await();
      await("the check answered after the restart")
          .atMost(WAIT)
          .until(() -> state(h, stored.id()) == CheckState.ANSWERED);

      assertThat(terminal.filesWritten()).as("requests the terminal answered").isEqualTo(1);
      assertThat(count(h, "select count(*) from oqs_exchange where id = $1", stored.id()))
          .isEqualTo(1);
      assertThat(exchangesOf(h)).as("exchanges created for the check").isEqualTo(1);
    }
  }

  /**
   * The process dies; the next start answers {@code checkId}; one more start (three scans) leaves
   * it to show that nothing is done twice.
   */
  private static void killThenAnsweredAfterTheRestartAndOnceMore(LinkHarness h, UUID checkId) {
    h.kill();
    h.restartStopped();
    checks(h).resume().await();
    await("the check answered after the restart")
        .atMost(WAIT)
        .until(() -> state(h, checkId) == CheckState.ANSWERED);
    h.restart();
    checks(h).resume().await();
    h.awaitScans(3);
  }

  /** The {@code check.*} events of a check's end in the outbox. */
  private static long endEventsOf(LinkHarness h, UUID checkId) {
    return count(
        h,
        "select count(*) from outbox_event where type like 'check.%' and payload->>'checkId' = $1",
        checkId.toString());
  }

  /** A check committed as a job item's transaction commits it, not yet handed to the link. */
  private static QualificationCheck storedNotSent(LinkHarness h, SimulatedPerson patient) {
    return checks(h)
        .createWithin(
            h.pool, request(patient), "api", "job:test", Optional.empty(), Optional.empty())
        .await();
  }

  /** Exchanges of this harness's {@code req/} folder (the database is shared by the class). */
  private static long exchangesOf(LinkHarness h) {
    return count(
        h,
        "select count(*) from oqs_exchange where req_dir = $1",
        h.link.config().reqDir().toAbsolutePath().normalize().toString());
  }

  private static CheckRequest request(SimulatedPerson p) {
    return request(p, "CRASH-" + UUID.randomUUID());
  }

  private static CheckRequest request(SimulatedPerson p, String chartId) {
    QualificationSearch s = SimulatedRequests.search(p);
    return new CheckRequest(
        s.insurerNumber(),
        s.insuredCardSymbol(),
        s.insuredIdentificationNumber(),
        s.insuredBranchNumber(),
        s.birthdate(),
        AS_OF,
        true,
        Optional.of(chartId));
  }

  private static QualificationChecks withOutcomes(LinkHarness h) {
    QualificationChecks checks = checks(h);
    attachOutcomes(h, checks);
    return checks;
  }

  private static void attachOutcomes(LinkHarness h, QualificationChecks checks) {
    HomeVisits homeVisits =
        new HomeVisits(
            new HomeVisitStore(h.pool, new Outbox()),
            new ReinquiryRules(3, false, 2),
            ZoneId.of("Asia/Tokyo"),
            Clock.systemUTC());
    new ReinquiryOutcomes(homeVisits, checks, new HomeVisitMetrics(h.registry)).attach();
  }

  private static CheckRequest reinquiry(SimulatedPerson p, String chartId, UUID relationship) {
    return request(p, chartId).asReinquiry(relationship);
  }

  private static Optional<UUID> refusedBy(LinkHarness h, UUID relationship) {
    var it =
        h.pool
            .preparedQuery("select refused_check_id from home_visit_relationship where id = $1")
            .execute(Tuple.of(relationship))
            .await()
            .iterator();
    return Optional.ofNullable(it.next().getUUID(0));
  }

  private static CheckState state(LinkHarness h, UUID checkId) {
    return CheckState.valueOf(
        h.pool
            .preparedQuery("select state from qualification_check where id = $1")
            .execute(Tuple.of(checkId))
            .await()
            .iterator()
            .next()
            .getString(0));
  }
}
