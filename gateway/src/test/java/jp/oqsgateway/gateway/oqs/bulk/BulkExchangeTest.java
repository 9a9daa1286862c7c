package jp.oqsgateway.gateway.oqs.bulk;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.link.ExchangeState;
import jp.oqsgateway.gateway.oqs.link.LinkHarness;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.link.SimulatorTerminal;
import jp.oqsgateway.gateway.oqs.message.BulkConfirmUnit;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.oqs.message.ConsentedBulkRequest;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generic two-phase bulk exchange through the real link (real PostgreSQL, real folders) against
 * the real simulator: every phase recorded before it is followed, the re-asks and the zip left to
 * the link, each way it can fail ending as a typed failure, and a restart between the phases taken
 * up from the recorded upload.
 */
class BulkExchangeTest {
  /** The simulator's day, 2025-06-02 (SimulatorTerminal.NOW). */
  private static final LocalDate TODAY = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);

  private static PgEndpoint db;

  private final List<String> recorded = new CopyOnWriteArrayList<>();
  private LinkHarness h;
  private SimulatorTerminal terminal;

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("bulk_exchange");
  }

  @AfterEach
  void stop() {
    LinkHarness.closeAll(terminal, h);
  }

  private void start(boolean zipped) {
    h = new LinkHarness(db, c -> c.withTimeouts(Duration.ofSeconds(30), Map.of()));
    terminal = new SimulatorTerminal(h.root, o -> o.withZipBulkResults(zipped));
    terminal.start();
  }

  /** Two persons who consented to home-visit care yesterday. */
  private List<SimulatedPerson> consented() {
    List<SimulatedPerson> persons =
        terminal.sim.population().persons().stream()
            .filter(p -> p.coverageOn(TODAY).isPresent() && !p.hasTag("multiple"))
            .limit(2)
            .toList();
    for (SimulatedPerson p : persons) {
      terminal.sim.recordHomeVisitConsent(
          p.id(), TODAY.minusDays(1), Set.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
    }
    return persons;
  }

  private static ConsentedBulkRequest homeVisits(Optional<LocalDate> from, Optional<LocalDate> to) {
    return new ConsentedBulkRequest(
        MessageKind.OQS_MUHVQ01_REQ,
        SimulatorOptions.DEFAULT_INSTITUTION,
        Optional.empty(),
        from,
        to,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(Coded.of(MedicalTreatmentFlag.HOME_VISIT)),
        List.of());
  }

  private static ConsentedBulkRequest lastTwoDays() {
    return homeVisits(Optional.of(TODAY.minusDays(2)), Optional.of(TODAY));
  }

  /** Records each phase in order and says so at once. */
  private PhaseRecorder recorder() {
    return (phase, id) -> {
      recorded.add(phase + " " + id);
      return Future.succeededFuture();
    };
  }

  private UUID recordedId(BulkPhase phase) {
    return recorded.stream()
        .filter(r -> r.startsWith(phase + " "))
        .map(r -> UUID.fromString(r.substring(phase.name().length() + 1)))
        .findFirst()
        .orElseThrow();
  }

  private static <R> R answered(BulkOutcome<R> outcome) {
    assertThat(outcome).as("%s", outcome).isInstanceOf(BulkOutcome.Answered.class);
    return ((BulkOutcome.Answered<R>) outcome).result();
  }

  private static BulkFailure failed(BulkOutcome<?> outcome) {
    assertThat(outcome).as("%s", outcome).isInstanceOf(BulkOutcome.Failed.class);
    return ((BulkOutcome.Failed<?>) outcome).failure();
  }

  @Test
  void anUploadThenADownloadStillProcessingThenCompleteYieldsEveryUnit() {
    start(false);
    List<SimulatedPerson> persons = consented();
    terminal.injectStillProcessing(RequestKind.MUHVQ02, 2);

    BulkResult result =
        answered(new BulkExchange(h.link).run(BulkFamily.MUHVQ, lastTwoDays(), recorder()).await());

    assertThat(result.units()).hasSize(persons.size());
    for (BulkConfirmUnit u : result.units()) {
      assertThat(u.results()).isNotEmpty();
      assertThat(u.results().get(0).pharmacistsInfoConsent()).isPresent();
    }
    assertThat(recorded).extracting(r -> r.split(" ")[0]).containsExactly("UPLOAD", "DOWNLOAD");
    var download = h.link.find(recordedId(BulkPhase.DOWNLOAD)).await().orElseThrow();
    assertThat(download.reaskCount()).as("asked again while still processing").isEqualTo(2);
    assertThat(download.receptionNumber()).isPresent();
  }

  @Test
  void aZippedDownloadYieldsItsUnits() {
    start(true);
    List<SimulatedPerson> persons = consented();

    BulkResult result =
        answered(new BulkExchange(h.link).run(BulkFamily.MUHVQ, lastTwoDays(), recorder()).await());

    assertThat(result.units()).hasSize(persons.size());
    assertThat(h.link.find(recordedId(BulkPhase.DOWNLOAD)).await().orElseThrow().resultFile())
        .hasValueSatisfying(f -> assertThat(f).endsWith(".zip"));
  }

  @Test
  void anUploadOqsRefusesEndsAsAFailureNamingOqsCodeAndNothingIsDownloaded() {
    start(false);

    BulkFailure failure =
        failed(
            new BulkExchange(h.link)
                .run(BulkFamily.MUHVQ, homeVisits(Optional.empty(), Optional.empty()), recorder())
                .await());

    assertThat(failure.phase()).isEqualTo(BulkPhase.UPLOAD);
    assertThat(failure.reason()).isEqualTo(BulkFailure.Reason.REFUSED_BY_OQS);
    assertThat(failure.errorCode()).contains("SIM9001");
    assertThat(failure.detail()).startsWith("SegmentOfResult 9, ErrorCode SIM9001");
    assertThat(recorded).extracting(r -> r.split(" ")[0]).containsExactly("UPLOAD");
  }

  @Test
  void aDownloadStillProcessingBeyondTheLinksReasksEndsAsAFailure() {
    start(false);
    consented();
    terminal.injectStillProcessing(RequestKind.MUHVQ02, 3);

    BulkFailure failure =
        failed(new BulkExchange(h.link).run(BulkFamily.MUHVQ, lastTwoDays(), recorder()).await());

    assertThat(failure.phase()).isEqualTo(BulkPhase.DOWNLOAD);
    assertThat(failure.reason()).isEqualTo(BulkFailure.Reason.UNANSWERED);
    assertThat(failure.detail()).contains("still processing");
    assertThat(failure.exchangeId()).contains(recordedId(BulkPhase.DOWNLOAD));
  }

  @Test
  void aDownloadTheTerminalFailsEndsAsAFailureOfTheDownloadWithItsOutcome() {
    start(false);
    consented();
    terminal.sim.faults().add(FaultRule.next("OQSmuhvq02", 1, FaultType.ERR));

    BulkFailure failure =
        failed(new BulkExchange(h.link).run(BulkFamily.MUHVQ, lastTwoDays(), recorder()).await());

    assertThat(failure.phase()).isEqualTo(BulkPhase.DOWNLOAD);
    assertThat(failure.reason()).isEqualTo(BulkFailure.Reason.UNANSWERED);
    assertThat(failure.outcome())
        .hasValueSatisfying(o -> assertThat(o.state()).isEqualTo(ExchangeState.FAILED));
    assertThat(failure.detail()).startsWith("FAILED: ");
  }

  @Test
  void followingAnUnknownExchangeOrOneOfAnotherPhaseSaysSo() {
    start(false);
    consented();
    BulkExchange bulk = new BulkExchange(h.link);
    answered(bulk.run(BulkFamily.MUHVQ, lastTwoDays(), recorder()).await());

    BulkFailure unknown = failed(bulk.followDownload(BulkFamily.MUHVQ, UUID.randomUUID()).await());
    BulkFailure wrongPhase =
        failed(bulk.followDownload(BulkFamily.MUHVQ, recordedId(BulkPhase.UPLOAD)).await());

    assertThat(unknown.reason()).isEqualTo(BulkFailure.Reason.UNKNOWN_EXCHANGE);
    assertThat(wrongPhase.reason()).isEqualTo(BulkFailure.Reason.UNKNOWN_EXCHANGE);
    assertThat(wrongPhase.detail()).contains("OQSmuhvq01, not OQSmuhvq02");
  }

  @Test
  void aRecorderThatFailsStopsTheExchangeBeforeItIsFollowed() {
    start(false);
    consented();

    BulkFailure failure =
        failed(
            new BulkExchange(h.link)
                .run(
                    BulkFamily.MUHVQ,
                    lastTwoDays(),
                    (phase, id) -> Future.failedFuture(new IllegalStateException("disk full")))
                .await());

    assertThat(failure.phase()).isEqualTo(BulkPhase.UPLOAD);
    assertThat(failure.reason()).isEqualTo(BulkFailure.Reason.NOT_RECORDED);
    assertThat(failure.detail()).isEqualTo("disk full");
  }

  @Test
  void aRestartBetweenThePhasesIsTakenUpFromTheRecordedUploadAndDownloadsOnce() {
    start(false);
    List<SimulatedPerson> persons = consented();
    terminal.setDown(true);
    Future<BulkOutcome<BulkResult>> first =
        new BulkExchange(h.link).run(BulkFamily.MUHVQ, lastTwoDays(), recorder());
    await("the upload is recorded").atMost(Duration.ofSeconds(15)).until(() -> !recorded.isEmpty());
    UUID upload = recordedId(BulkPhase.UPLOAD);

    h.stop();
    BulkFailure stopped = failed(first.await());
    assertThat(stopped.reason()).isEqualTo(BulkFailure.Reason.STOPPED);
    assertThat(stopped.phase()).isEqualTo(BulkPhase.UPLOAD);
    h.restartStopped();
    terminal.setDown(false);
    recorded.clear();

    BulkResult result =
        answered(
            new BulkExchange(h.link).followUpload(BulkFamily.MUHVQ, upload, recorder()).await());

    assertThat(result.units()).hasSize(persons.size());
    assertThat(recorded).extracting(r -> r.split(" ")[0]).containsExactly("DOWNLOAD");
    long downloads =
        h.pool
            .preparedQuery(
                "select count(*) from oqs_exchange where kind = $1 and reception_number = $2"
                    + " and req_dir = $3")
            .execute(
                Tuple.of(
                    "MUHVQ02",
                    result.header().receptionNumber().orElseThrow(),
                    h.link.find(upload).await().orElseThrow().reqDir()))
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertThat(downloads).as("one download, after the restart").isEqualTo(1);
  }
}
