package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A result or face file that already parses as a complete document is handed on at its first read;
 * only files that do not (yet) parse wait for two agreeing reads {@code oqs.link.stable-delay}
 * apart. The stable delay here is far longer than any wait in the tests, so a file handed on within
 * them was not held back by it; the {@code oqsgw.oqs.files.taken} counter says which guard let it
 * through.
 */
class CompleteDocumentsTest {
  private static final Duration WAIT = FakeTerminal.WAIT;
  private static final Duration LONG_STABLE_DELAY = WAIT.multipliedBy(3);
  private static PgEndpoint db;
  private final List<LinkHarness> harnesses = new ArrayList<>();

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("completedocs");
  }

  @AfterEach
  void stopLinks() {
    harnesses.forEach(LinkHarness::close);
  }

  private LinkHarness harness(UnaryOperator<LinkConfig> tweak) {
    LinkHarness h = new LinkHarness(db, tweak);
    harnesses.add(h);
    return h;
  }

  /** The stable delay far beyond every wait; deadlines beyond it, so none ends an exchange. */
  private LinkHarness longStableDelay() {
    return harness(
        c ->
            c.withStableDelay(LONG_STABLE_DELAY, true)
                .withTimeouts(LONG_STABLE_DELAY.multipliedBy(2), Map.of()));
  }

  private static Exchange submitCheck(LinkHarness h) {
    return h.link.submit(OqsRequest.of(RequestKind.SIQUC01, OqsLinkTest.cardCheck(null))).await();
  }

  private static double taken(LinkHarness h, String by) {
    return h.counter("oqsgw.oqs.files.taken", "by", by);
  }

  /** Answered with {@code result} well within the stable delay, let through as a whole document. */
  private static void assertAnsweredAtItsFirstCompleteRead(
      LinkHarness h, Exchange e, byte[] result) {
    await("answered well within the stable delay")
        .atMost(WAIT)
        .until(() -> h.state(e.id()) == ExchangeState.ANSWERED);
    assertThat(h.link.outcome(e.id()).await().exchange().resultBytes()).hasValue(result);
    assertThat(taken(h, "complete_document")).isEqualTo(1);
    assertThat(taken(h, "two_reads")).isZero();
  }

  @Test
  void aCompleteResultIsAnsweredAtItsFirstReadWithoutWaitingTheStableDelay() {
    LinkHarness h = longStableDelay();
    Exchange e = submitCheck(h);
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    byte[] result = FakeTerminal.resultFor(request, "1");

    h.terminal.writeResult(request, result);

    assertAnsweredAtItsFirstCompleteRead(h, e, result);
    // Taken and answered at once: the pickup is recorded once, with the answer if not before.
    Exchange answered = h.link.find(e.id()).await().orElseThrow();
    assertThat(answered.pickedUpAt())
        .hasValueSatisfying(at -> assertThat(at).isBeforeOrEqualTo(answered.finishedAt().get()));
    assertThat(h.registry.find("oqsgw.oqs.pickup.delay").tag("kind", "siquc01").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aResultWrittenInTwoStepsIsReadOnlyOnceItIsComplete() {
    LinkHarness h = longStableDelay();
    Exchange e = submitCheck(h);
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    byte[] full = FakeTerminal.resultFor(request, "1");
    Path file = h.terminal.res().resolve(FakeTerminal.resultName(request, ".xml"));

    FakeTerminal.write(file, Arrays.copyOf(full, full.length / 2));
    h.awaitScans(3);
    assertThat(h.state(e.id())).isIn(ExchangeState.WRITTEN, ExchangeState.PICKED_UP);
    assertThat(taken(h, "complete_document") + taken(h, "two_reads"))
        .as("the first half is handed on by neither guard")
        .isZero();

    FakeTerminal.append(file, Arrays.copyOfRange(full, full.length / 2, full.length));

    assertAnsweredAtItsFirstCompleteRead(h, e, full);
  }

  @Test
  void aCompleteFaceFileIsDeliveredAtItsFirstReadWithoutWaitingTheStableDelay() {
    LinkHarness h = longStableDelay();
    List<ParsedDocument> delivered = new CopyOnWriteArrayList<>();
    h.link.onFaceResult(OqsLinkTest.into(delivered));
    String now =
        LocalDateTime.now(ZoneId.of("Asia/Tokyo"))
            .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));

    Path face = h.terminal.writeFace(now, "5e6f7a8b9c0d1e2f3a4b");

    await("delivered well within the stable delay").atMost(WAIT).until(() -> delivered.size() == 1);
    assertThat(delivered.get(0).fileName()).isEqualTo(face.getFileName().toString());
    assertThat(taken(h, "complete_document")).isEqualTo(1);
  }

  @Test
  void withAcceptCompleteAtOnceOffEvenACompleteResultWaitsForTwoAgreeingReads() {
    LinkHarness h = harness(c -> c.withStableDelay(c.stableDelay(), false));
    Exchange e = submitCheck(h);
    ParsedDocument request = h.terminal.take("OQSsiquc01");

    h.terminal.writeResult(request, FakeTerminal.resultFor(request, "1"));

    assertThat(h.link.outcome(e.id()).await().state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(taken(h, "two_reads")).isEqualTo(1);
    assertThat(taken(h, "complete_document")).isZero();
  }
}
