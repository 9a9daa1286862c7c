package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.oqs.link.SimulatedRequests.INSTITUTION;
import static jp.oqsgateway.gateway.oqs.link.SimulatedRequests.POPULATION;
import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.oqs.link.ContractTerminal.Fault;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Unmatched;
import jp.oqsgateway.gateway.oqs.message.ElderlyRecipientCertificate;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.testsupport.RecordCopies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the link promises whatever terminal sits behind the folders: one contract, run against the
 * test-only {@link FakeTerminal} and the real {@code TerminalSimulator} (OQS-PROTOCOL.md §1.4–1.6).
 * Each case starts a link (real PostgreSQL, real folders) and a terminal on the same folders, tells
 * the terminal what goes wrong with the next request, and checks the exchange's explicit end.
 */
abstract class TerminalContractTestBase {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(2);
  private static PgEndpoint db;

  private LinkHarness h;
  private ContractTerminal terminal;
  private final List<ExchangeOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final SimulatedPerson elderly = POPULATION.first("elderly:030");

  /** A terminal working on {@code root/req}, {@code root/res}, not yet started. */
  protected abstract ContractTerminal terminal(Path root);

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("contract");
  }

  @AfterEach
  void stop() {
    LinkHarness.closeAll(terminal, h);
  }

  /** A link with the harness's short times, this answer deadline and a patient .err grace. */
  private LinkHarness link(Duration timeout) {
    h =
        new LinkHarness(
            db,
            c ->
                RecordCopies.with(
                    c,
                    Map.of(
                        "defaultTimeout", timeout,
                        "timeouts", Map.of(),
                        "errGrace", Duration.ofSeconds(2))));
    h.link.onOutcome(outcomes::add);
    terminal = terminal(h.root);
    terminal.start();
    return h;
  }

  private LinkHarness link() {
    return link(Duration.ofSeconds(6));
  }

  private Exchange submitCheck() {
    return h.link.submit(SimulatedRequests.singleCheck(elderly)).await();
  }

  private long outcomesOf(UUID id) {
    return outcomes.stream().filter(o -> o.exchangeId().equals(id)).count();
  }

  private double outcomeCount(String outcome) {
    return h.counter("oqsgw.oqs.exchange.outcomes", "kind", "siquc01", "outcome", outcome);
  }

  @Test
  void aSingleCheckIsAnsweredWithOurHeaderAndWhatOqsKnowsOfThePerson() throws Exception {
    link();
    Exchange e = submitCheck();
    ExchangeOutcome outcome = h.link.outcome(e.id()).await();

    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(outcome.exchange().pickedUpAt()).isPresent();
    QualificationResultMessage result =
        (QualificationResultMessage) OqsCodec.decode(outcome.result().orElseThrow());
    assertThat(result.header().arbitraryFileIdentifier()).contains(e.arbitraryFileIdentifier());
    assertThat(result.header().medicalInstitutionCode()).contains(INSTITUTION);
    assertThat(result.isSingleValidResult()).isTrue();
    QualificationResult person = result.results().get(0);
    assertThat(person.name()).isEqualTo(elderly.name());
    assertThat(person.birthdate()).isEqualTo(elderly.birthDate());
    assertThat(person.elderlyRecipientCertificate())
        .flatMap(ElderlyRecipientCertificate::contributionRatio)
        .contains(30);

    assertThat(h.registry.find("oqsgw.oqs.round.trip").tag("kind", "siquc01").timer().count())
        .isEqualTo(1);
    assertThat(outcomeCount("answered")).isEqualTo(1);
    LinkStatus status = h.link.status().await();
    assertThat(status.state()).isEqualTo(LinkStatus.State.UP);
    assertThat(status.lastGoodRoundTrip()).isPresent();
    assertThat(status.pending()).isZero();
    assertThat(Files.exists(h.root.resolve("res").resolve(outcome.exchange().resultFile().get())))
        .as("result files are never deleted")
        .isTrue();
    await("outcome announced").atMost(WAIT).until(() -> outcomesOf(e.id()) == 1);
  }

  @Test
  void anErrFailsTheExchangeWithTheTerminalsOwnText() {
    link();
    terminal.inject(RequestKind.SIQUC01, Fault.ERR);
    Exchange e = submitCheck();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.FAILED);
    assertThat(outcome.error()).hasValueSatisfying(m -> assertThat(m).contains(terminal.errText()));
    assertThat(outcome.exchange().resultBytes()).isEmpty();
    h.awaitScans(3);
    assertThat(h.link.unmatched(Unmatched.DUPLICATE))
        .as("the returned request and its .err are one error, not duplicates")
        .isZero();
    assertThat(h.link.unmatched(Unmatched.UNKNOWN_REQUEST)).isZero();
  }

  @Test
  void aDuplicateResultIsNeverAppliedTwice() {
    link();
    terminal.inject(RequestKind.SIQUC01, Fault.DUPLICATE);
    long before = terminal.filesWritten();
    Exchange e = submitCheck();
    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    byte[] first = outcome.exchange().resultBytes().orElseThrow();

    await("second copy written").atMost(WAIT).until(() -> terminal.filesWritten() >= before + 2);
    h.awaitScans(4);
    Exchange after = h.link.find(e.id()).await().orElseThrow();
    assertThat(after.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(after.resultBytes().orElseThrow()).isEqualTo(first);
    assertThat(after.finishedAt()).isEqualTo(outcome.exchange().finishedAt());
    assertThat(outcomeCount("answered")).isEqualTo(1);
    assertThat(outcomesOf(e.id())).isEqualTo(1);
    // a changed copy is counted as a duplicate, a byte-identical one is simply already known
    assertThat(h.link.unmatched(Unmatched.DUPLICATE)).isLessThanOrEqualTo(1);
    assertThat(h.link.unmatched(Unmatched.UNKNOWN_REQUEST)).isZero();
  }

  @Test
  void aResultForARequestNobodySentIsCountedAndChangesNothingElse() {
    link();
    terminal.inject(RequestKind.SIQUC01, Fault.UNKNOWN_RESULT);
    Exchange e = submitCheck();

    assertThat(h.link.outcome(e.id()).await().state()).isEqualTo(ExchangeState.ANSWERED);
    await("unknown result counted")
        .atMost(WAIT)
        .until(() -> h.link.unmatched(Unmatched.UNKNOWN_REQUEST) == 1);
    h.awaitScans(3);
    assertThat(h.link.unmatched(Unmatched.UNKNOWN_REQUEST)).isEqualTo(1);
    assertThat(h.link.unmatched(Unmatched.DUPLICATE)).isZero();
    assertThat(h.link.unmatched(Unmatched.IDENTIFIER_MISMATCH)).isZero();
    assertThat(outcomeCount("answered")).isEqualTo(1);
    assertThat(outcomeCount("failed")).isZero();
    assertThat(outcomes).extracting(ExchangeOutcome::exchangeId).containsExactly(e.id());
    assertThat(h.link.status().await().pending()).isZero();
  }

  @Test
  void aMalformedResultIsNeverTakenForAnAnswerAndTheDeadlineNamesTheFile() {
    link(SHORT_TIMEOUT);
    terminal.inject(RequestKind.SIQUC01, Fault.MALFORMED);
    Exchange e = submitCheck();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    // The terminal did answer, but nobody can read what: it may have acted (docs/OQS-LINK.md).
    assertThat(outcome.state()).isEqualTo(ExchangeState.OUTCOME_UNKNOWN);
    assertThat(outcome.error())
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("not answered within 2 s")
                    .contains("result file unreadable")
                    .contains(e.resultStem() + ".xml"));
    assertThat(outcome.exchange().resultBytes()).isEmpty();
  }

  @Test
  void aHostileResultIsRefusedAtOnceWithoutExpandingOrFetchingAnything() {
    assertThat(refusedAtOnce(Fault.HOSTILE))
        .contains("DOCTYPE is not allowed")
        .doesNotContain("root:")
        .doesNotContain("hahaha");
  }

  @Test
  void anOversizedResultIsRefusedAtOnce() {
    assertThat(refusedAtOnce(Fault.OVERSIZED)).contains("larger than the limit of 1048576 bytes");
  }

  /**
   * The error of a check whose result, spoiled by {@code fault}, failed the exchange when read (not
   * at the deadline) naming the result file, and kept none of its bytes.
   */
  private String refusedAtOnce(Fault fault) {
    link();
    terminal.inject(RequestKind.SIQUC01, fault);
    Exchange e = submitCheck();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.FAILED);
    assertThat(outcome.error())
        .hasValueSatisfying(
            m -> assertThat(m).contains("result file refused").contains(e.resultStem() + ".xml"));
    assertThat(outcome.exchange().resultBytes()).isEmpty();
    assertThat(Duration.between(e.writtenAt(), outcome.exchange().finishedAt().orElseThrow()))
        .as("refused when read, not at the deadline")
        .isLessThan(Duration.ofSeconds(6));
    return outcome.error().orElseThrow();
  }

  private String receptionNumber() {
    Exchange upload = h.link.submit(SimulatedRequests.bulkCheck(List.of(elderly))).await();
    ExchangeOutcome uploaded = h.link.outcome(upload.id()).await();
    assertThat(uploaded.state()).isEqualTo(ExchangeState.ANSWERED);
    return RequestDocuments.receptionNumber(uploaded.result().orElseThrow().root()).orElseThrow();
  }

  @Test
  void aBulkResultStillProcessingIsAskedForAgainUntilAnswered() {
    link();
    String number = receptionNumber();
    terminal.injectStillProcessing(RequestKind.MUQUC02, 2);
    Exchange e = h.link.submit(SimulatedRequests.bulkDownload(number)).await();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(outcome.exchange().reaskCount()).isEqualTo(2);
    assertThat(outcome.exchange().requestFile()).isNotEqualTo(e.requestFile());
    assertThat(outcome.exchange().receptionNumber()).contains(number);
    assertThat(RequestDocuments.segmentOfResult(outcome.result().orElseThrow().root()))
        .contains("1");
  }

  @Test
  void aBulkResultStillProcessingAfterTheLastReaskFailsExplicitly() {
    link();
    String number = receptionNumber();
    terminal.injectStillProcessing(RequestKind.MUQUC02, 3);
    Exchange e = h.link.submit(SimulatedRequests.bulkDownload(number)).await();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.FAILED);
    assertThat(outcome.error()).hasValueSatisfying(m -> assertThat(m).contains("still processing"));
    assertThat(outcome.exchange().reaskCount()).isEqualTo(2);
    assertThat(h.terminal.requestsInReq("OQSmuquc02")).isEmpty();
  }

  @Test
  void aTerminalTakingNothingFailsTheRequestAndTheLinkIsDownUntilItTakesFilesAgain() {
    link(SHORT_TIMEOUT);
    OqsLinkCheck check = new OqsLinkCheck(h.link);
    assertThat(check.check().await().up()).isTrue();
    terminal.setDown(true);
    Exchange e = submitCheck();

    await("link down").atMost(WAIT).until(() -> h.link.status().await().down());
    assertThat(check.check().await().up()).isFalse();
    assertThat(h.registry.find("oqsgw.oqs.link.up").gauge().value()).isZero();
    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.FAILED);
    assertThat(outcome.error())
        .hasValueSatisfying(m -> assertThat(m).contains("link program not picking up files"));
    assertThat(outcome.exchange().pickedUpAt()).isEmpty();
    assertThat(h.terminal.allNamesInReq()).as("our request withdrawn").isEmpty();

    terminal.setDown(false);
    Exchange next = submitCheck();
    assertThat(h.link.outcome(next.id()).await().state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(h.link.status().await().state()).isEqualTo(LinkStatus.State.UP);
    assertThat(check.check().await().up()).isTrue();
  }

  @Test
  void aPickedUpRequestWithoutAnswerEndsOutcomeUnknownAndItsRetryIsAnswered() {
    link(SHORT_TIMEOUT);
    terminal.inject(RequestKind.SIQUC01, Fault.NO_ANSWER);
    Exchange e = submitCheck();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.OUTCOME_UNKNOWN);
    assertThat(outcome.error())
        .hasValueSatisfying(m -> assertThat(m).contains("picked up by the terminal but not"));
    assertThat(h.terminal.requestsInReq("OQSsiquc01")).as("never resent by itself").isEmpty();

    Exchange retry = h.link.retry(e.id()).await();
    assertThat(retry.retryOf()).contains(e.id());
    assertThat(retry.requestFile()).isNotEqualTo(e.requestFile());
    assertThat(retry.arbitraryFileIdentifier()).isNotEqualTo(e.arbitraryFileIdentifier());
    ExchangeOutcome answered = h.link.outcome(retry.id()).await();
    assertThat(answered.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(RequestDocuments.mismatch(retry, answered.result().orElseThrow().root())).isEmpty();
    assertThat(h.link.retriesOf(e.id()).await())
        .extracting(Exchange::id)
        .containsExactly(retry.id());
    assertThatThrownBy(() -> h.link.retry(retry.id()).await())
        .hasMessageContaining("not retryable");
  }

  @Test
  void aSlowAnswerWithinTheDeadlineIsAnswered() {
    link();
    terminal.injectLatency(RequestKind.SIQUC01, Duration.ofMillis(1500));
    Exchange e = submitCheck();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(Duration.between(e.writtenAt(), outcome.exchange().finishedAt().orElseThrow()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void anAnswerAfterTheDeadlineIsRecordedButNeverApplied() {
    link(SHORT_TIMEOUT);
    terminal.injectLatency(RequestKind.SIQUC01, Duration.ofMillis(3000));
    long before = terminal.filesWritten();
    Exchange e = submitCheck();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.OUTCOME_UNKNOWN);
    await("late answer written").atMost(WAIT).until(() -> terminal.filesWritten() > before);
    await("late answer counted")
        .atMost(WAIT)
        .until(() -> h.link.unmatched(Unmatched.DUPLICATE) == 1);
    Exchange after = h.link.find(e.id()).await().orElseThrow();
    assertThat(after.state()).isEqualTo(ExchangeState.OUTCOME_UNKNOWN);
    assertThat(after.resultBytes()).isEmpty();
    assertThat(outcomesOf(e.id())).isEqualTo(1);
  }
}
