package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.oqs.link.SimulatedRequests.AS_OF;
import static jp.oqsgateway.gateway.oqs.link.SimulatedRequests.POPULATION;
import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.ProcessingResultStatus;
import jp.oqsgateway.gateway.oqs.message.Consent;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The home-visit re-inquiry through the real link (real PostgreSQL, real folders) against the real
 * simulator, in both file forms: matched, verified and delivered exactly as a single check.
 */
class HomeVisitReinquiryLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static PgEndpoint db;

  private final SimulatedPerson patient = POPULATION.first("elderly:030");
  private final List<ExchangeOutcome> outcomes = new CopyOnWriteArrayList<>();
  private LinkHarness h;
  private SimulatorTerminal terminal;

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("reinquiry");
  }

  @BeforeEach
  void start() {
    h = new LinkHarness(db, c -> c);
    h.link.onOutcome(outcomes::add);
    terminal = new SimulatorTerminal(h.root);
    terminal.start();
  }

  @AfterEach
  void stop() {
    terminal.close();
    h.close();
  }

  private void consent() {
    terminal.sim.recordHomeVisitConsent(
        patient.id(), AS_OF.minusDays(13), Set.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
  }

  /** Submits, waits for the outcome and its announcement, and checks it ended ANSWERED. */
  private QualificationResultMessage answered(OqsRequest request, String requestHead)
      throws Exception {
    Exchange e = h.link.submit(request).await();
    assertThat(e.requestFile()).startsWith(requestHead + "req_");
    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(outcome.exchange().resultFile())
        .hasValueSatisfying(f -> assertThat(f).startsWith(requestHead + "res_"));
    await("outcome announced")
        .atMost(WAIT)
        .until(() -> outcomes.stream().filter(o -> o.exchangeId().equals(e.id())).count() == 1);
    QualificationResultMessage result =
        (QualificationResultMessage) OqsCodec.decode(outcome.result().orElseThrow());
    assertThat(result.header().arbitraryFileIdentifier()).contains(e.arbitraryFileIdentifier());
    return result;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SIHVQ01, OQSsihvq01, OQS_SIHVQ01_RES", "SIQUC01, OQSsiquc01, OQS_SIQUC01_RES"})
  void aReinquiryInEitherFileFormIsMatchedAndAnsweredLikeASingleCheck(
      RequestKind kind, String fileHead, MessageKind resultKind) throws Exception {
    consent();
    QualificationResultMessage result =
        answered(SimulatedRequests.reinquiry(patient, kind), fileHead);

    assertThat(result.kind()).isEqualTo(resultKind);
    assertThat(result.isSingleValidResult()).isTrue();
    Consent<ConsentFlag> drug = result.results().get(0).pharmacistsInfoConsent().orElseThrow();
    assertThat(drug.flag().is(ConsentFlag.CONSENTED)).isTrue();
    assertThat(drug.availableTime()).contains(LocalDate.of(2025, 8, 31).atTime(23, 59, 59));
    assertThat(
            h.counter("oqsgw.oqs.exchange.outcomes", "kind", kind.label(), "outcome", "answered"))
        .isEqualTo(1);
    assertThat(h.link.unmatched(LinkMetrics.Unmatched.IDENTIFIER_MISMATCH)).isZero();
  }

  @Test
  void aRefusedReinquiryIsAnAnswerTheCallerReads() throws Exception {
    QualificationResultMessage result =
        answered(SimulatedRequests.reinquiry(patient, RequestKind.SIHVQ01), "OQSsihvq01");

    assertThat(result.processing().status())
        .hasValueSatisfying(s -> assertThat(s.is(ProcessingResultStatus.ERROR)).isTrue());
    assertThat(result.processing().code()).isPresent();
    assertThat(result.results()).isEmpty();
  }
}
