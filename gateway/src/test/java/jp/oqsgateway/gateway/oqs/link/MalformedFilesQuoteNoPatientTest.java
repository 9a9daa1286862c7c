package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A result or face file the terminal wrote with an unescaped {@code &} in a patient's name is
 * malformed XML; the JDK's parser then quotes the name in its message. What the gateway says about
 * such a file (the exchange's error, which API callers see as a check's failure detail, and the
 * warning logged for a face file) names the file, where and the rule, never the patient.
 */
class MalformedFilesQuoteNoPatientTest {
  private static final Charset SJIS = Charset.forName("windows-31j");
  private static final String NAME = "榊原&葵衣";
  private static final String NUMBER = "4711235813";
  private static PgEndpoint db;
  private final List<LinkHarness> harnesses = new ArrayList<>();

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("malformedpii");
  }

  @AfterEach
  void stopLinks() {
    harnesses.forEach(LinkHarness::close);
  }

  @Test
  void aResultWithAnUnescapedAmpersandInTheNameEndsWithoutQuotingTheName() {
    LinkHarness h = new LinkHarness(db, c -> c);
    harnesses.add(h);
    Exchange e =
        h.link.submit(OqsRequest.of(RequestKind.SIQUC01, OqsLinkTest.cardCheck(null))).await();
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    String result =
        new String(FakeTerminal.resultFor(request, "1"), SJIS)
            .replace("見本　花子", NAME + " " + NUMBER)
            .replace("19850412", NUMBER);

    h.terminal.writeResult(request, result.getBytes(SJIS));

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.OUTCOME_UNKNOWN);
    assertThat(outcome.error())
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("result file unreadable")
                    .contains(e.resultStem() + ".xml")
                    .contains("malformed XML")
                    .contains("line ")
                    .doesNotContain("榊原")
                    .doesNotContain("葵衣")
                    .doesNotContain(NUMBER));
  }

  @Test
  void aMalformedFaceFileIsLoggedWithoutQuotingTheName() throws Exception {
    LinkHarness h = new LinkHarness(db, c -> c);
    harnesses.add(h);
    List<ParsedDocument> delivered = new CopyOnWriteArrayList<>();
    h.link.onFaceResult(OqsLinkTest.into(delivered));
    Logger logger = (Logger) LoggerFactory.getLogger(FolderScanner.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      String now =
          LocalDateTime.now(ZoneId.of("Asia/Tokyo"))
              .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
      // Written once, broken: a file written whole first could be taken before it is broken.
      Path face =
          h.terminal.writeFace(
              now,
              "5e6f7a8b9c0d1e2f3a4b",
              text ->
                  text.replace(
                      "<ProcessingResultStatus>1</ProcessingResultStatus>",
                      "<Name>" + NAME + "</Name><Birthdate>" + NUMBER + "</Birthdate>"));

      await("the face file counted unreadable")
          .atMost(FakeTerminal.WAIT)
          .until(() -> h.counter("oqsgw.oqs.face.files", "outcome", "unreadable") == 1);
      List<ILoggingEvent> unreadable =
          lines.list.stream().filter(l -> l.getMessage().contains("face file unreadable")).toList();
      assertThat(unreadable).hasSize(1);
      String logged = unreadable.get(0).getKeyValuePairs().toString();
      assertThat(logged)
          .contains(face.getFileName().toString())
          .contains("malformed XML")
          .doesNotContain("榊原")
          .doesNotContain("葵衣")
          .doesNotContain(NUMBER);
      assertThat(delivered).isEmpty();
    } finally {
      logger.detachAppender(lines);
    }
  }
}
