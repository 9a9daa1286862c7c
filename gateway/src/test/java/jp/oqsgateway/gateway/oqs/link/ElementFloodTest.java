package jp.oqsgateway.gateway.oqs.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A parsed tree costs far more heap than its file's bytes: an empty element {@code <a/>} is 4 bytes
 * on disk and about 35 on the heap, so a scan that kept every result's tree until its batch was
 * handled could hold many times its byte budget (8 files of 2,000,000 elements, 8 MB each, were an
 * OutOfMemoryError under -Xmx512m). A result of more elements than any real one is refused naming
 * the limit; trees a scan's budget cannot hold are not kept, and their files are parsed again when
 * handled, one at a time. Either way the link keeps answering.
 */
class ElementFloodTest {
  private static final Charset SJIS = Charset.forName("windows-31j");
  private static PgEndpoint db;
  private final List<LinkHarness> harnesses = new ArrayList<>();

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("elementflood");
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

  private static Exchange submitCheck(LinkHarness h) {
    return h.link.submit(OqsRequest.of(RequestKind.SIQUC01, OqsLinkTest.cardCheck(null))).await();
  }

  /** The request's normal answer with {@code elements} empty elements in an unknown element. */
  private static byte[] padded(ParsedDocument request, int elements) {
    String result = new String(FakeTerminal.resultFor(request, "1"), SJIS);
    return result
        .replace(
            "</MessageBody>", "<Padding>" + "<a/>".repeat(elements) + "</Padding></MessageBody>")
        .getBytes(SJIS);
  }

  /** Results up to 4 MiB, so that the element limit, not the byte limit, is what refuses. */
  private static LinkConfig largerResults(LinkConfig c) {
    return new LinkConfig(
        c.reqDir(),
        c.resDir(),
        c.faceDir(),
        c.archiveDir(),
        c.defaultTimeout(),
        c.timeouts(),
        c.pickupThreshold(),
        c.scanInterval(),
        c.stableDelay(),
        c.errGrace(),
        c.reaskInterval(),
        c.reaskMax(),
        c.faceMaxAge(),
        c.probeIdle(),
        c.probeInstitutionCode(),
        c.requestCharset(),
        c.zone(),
        4L * 1024 * 1024,
        c.scanBudgetBytes(),
        c.acceptCompleteAtOnce(),
        c.extendedNames());
  }

  @Test
  void aFloodOfResultsWithMoreElementsThanAnyRealOneIsRefusedNamingTheLimitAndTheLinkGoesOn() {
    LinkHarness h = harness(ElementFloodTest::largerResults);
    List<Exchange> flooded = new ArrayList<>();
    List<ParsedDocument> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      flooded.add(submitCheck(h));
      requests.add(h.terminal.take("OQSsiquc01"));
    }
    // all six written before the link looks: one scan finds them together (2.4 MB, 600,000
    // elements each)
    for (ParsedDocument request : requests) {
      FakeTerminal.write(
          h.terminal.res().resolve(FakeTerminal.resultName(request, ".xml")),
          padded(request, 600_000));
    }

    for (Exchange e : flooded) {
      ExchangeOutcome outcome = h.link.outcome(e.id()).await();
      assertThat(outcome.state()).isEqualTo(ExchangeState.FAILED);
      assertThat(outcome.error())
          .hasValueSatisfying(
              m ->
                  assertThat(m)
                      .contains("result file refused")
                      .contains(e.resultStem() + ".xml")
                      .contains("more than 500000 elements"));
      assertThat(outcome.exchange().resultBytes()).isEmpty();
    }

    Exchange after = submitCheck(h);
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    byte[] normal = FakeTerminal.resultFor(request, "1");
    h.terminal.writeResult(request, normal);
    ExchangeOutcome answered = h.link.outcome(after.id()).await();
    assertThat(answered.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(answered.exchange().resultBytes()).hasValue(normal);
  }

  @Test
  void resultsWhoseTreesTheScanBudgetCannotHoldAreStillAnsweredEachWithItsOwnResult() {
    // 3 MiB per scan; each result is 0.8 MB on disk and some 13 MB as a tree: no scan can keep
    // more than a few of the files and none of their trees
    LinkHarness h = harness(c -> c.withScanBudgetBytes(3L * 1024 * 1024));
    List<Exchange> exchanges = new ArrayList<>();
    List<byte[]> results = new ArrayList<>();
    List<ParsedDocument> requests = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      exchanges.add(submitCheck(h));
      requests.add(h.terminal.take("OQSsiquc01"));
    }
    for (ParsedDocument request : requests) {
      byte[] result = padded(request, 200_000);
      results.add(result);
      FakeTerminal.write(
          h.terminal.res().resolve(FakeTerminal.resultName(request, ".xml")), result);
    }

    for (int i = 0; i < exchanges.size(); i++) {
      ExchangeOutcome outcome = h.link.outcome(exchanges.get(i).id()).await();
      assertThat(outcome.state()).as("exchange %d", i).isEqualTo(ExchangeState.ANSWERED);
      assertThat(outcome.exchange().resultBytes()).hasValue(results.get(i));
    }
  }
}
