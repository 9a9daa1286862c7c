package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.POPULATION;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.header;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.search;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.text;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.junit.jupiter.api.Test;

class FaultInjectionTest extends SimulatorHarnessTestBase {
  private final SimulatedPerson person = POPULATION.first("limit:A03");

  private XmlElement singleCheck() {
    return of(
        "XmlMsg",
        header("QualificationConfirmationDate", "20250602", "ArbitraryFileIdentifier", "F-1"),
        of("MessageBody", search(person, person.coverages().get(0), true, "1")));
  }

  private XmlElement registration() {
    Coverage c = person.coverages().get(0);
    return of(
        "XmlMsg",
        header(),
        of(
            "MessageBody",
            of(
                "ReferenceNumberRegistrationInfo",
                leaf("ReferenceNumber", "R1"),
                leaf("InsurerNumber", c.paddedInsurerNumber()),
                leaf("InsuredCardSymbol", c.symbol()),
                leaf("InsuredIdentificationNumber", c.number()),
                leaf("InsuredBranchNumber", c.branch()))));
  }

  private List<String> resFiles() throws Exception {
    try (Stream<Path> s = Files.list(h.res())) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  @Test
  void noAnswerPicksTheRequestUpAndNeverAnswers() throws Exception {
    h.sim.faults().add(FaultRule.next("OQSsiquc01", 1, FaultType.NO_ANSWER));
    String dropped = h.send("OQSsiquc01", singleCheck());
    h.waitFor(() -> h.sim.pickedUpCount() == 1, Duration.ofSeconds(10), "pick-up");
    assertThat(Files.exists(h.req().resolve(dropped))).isFalse();
    // the worker answers in order: once a later request is answered, the first never will be
    String later = h.send("OQSsiquc01", singleCheck());
    h.await(later);
    assertThat(Files.exists(h.res().resolve(SimulatorHarness.resultName(dropped)))).isFalse();
    assertThat(h.sim.faults().rules()).isEmpty();
  }

  @Test
  void aFaultPlannedByAnotherProcessReachesARunningSimulatorThatHasReadItsStateBefore()
      throws Exception {
    h.await(h.send("OQSsiquc01", singleCheck())); // the running simulator has read its state
    new FaultPlan(new StateStore(h.root)).add(FaultRule.next("OQSsiquc01", 1, FaultType.NO_ANSWER));
    String dropped = h.send("OQSsiquc01", singleCheck());
    h.waitFor(() -> h.sim.pickedUpCount() == 2, Duration.ofSeconds(10), "pick-up");
    h.await(h.send("OQSsiquc01", singleCheck()));
    assertThat(Files.exists(h.res().resolve(SimulatorHarness.resultName(dropped)))).isFalse();
    assertThat(h.sim.faults().rules()).isEmpty();
  }

  /** The result file of a single check answered under {@code rule}, once it is written. */
  private Path resultUnder(FaultRule rule, String what) throws Exception {
    h.sim.faults().add(rule);
    String name = h.send("OQSsiquc01", singleCheck());
    Path res = h.res().resolve(SimulatorHarness.resultName(name));
    h.waitFor(() -> Files.exists(res), Duration.ofSeconds(10), what);
    return res;
  }

  @Test
  void malformedWritesAResultThatDoesNotParse() throws Exception {
    Path res =
        resultUnder(FaultRule.next("OQSsiquc01", 1, FaultType.MALFORMED), "malformed result");
    assertThatThrownBy(() -> new OqsXmlReader().read(res)).isInstanceOf(OqsXmlException.class);
  }

  @Test
  void errMovesTheRequestIntoResBesideAnErrText() throws Exception {
    h.sim.faults().add(FaultRule.next("OQSsiquc01", 1, FaultType.ERR));
    String name = h.send("OQSsiquc01", singleCheck());
    Path err = h.res().resolve(name.replace(".xml", ".err"));
    h.waitFor(() -> Files.exists(err), Duration.ofSeconds(10), ".err");
    assertThat(h.res().resolve(name)).exists();
    assertThat(new OqsXmlReader().read(h.res().resolve(name)).root().toString()).contains("F-1");
    assertThat(Files.size(err)).isPositive();
    assertThat(h.res().resolve(SimulatorHarness.resultName(name))).doesNotExist();
  }

  @Test
  void anUnparseableRequestIsAnsweredWithAnErrArtefact() throws Exception {
    String name = "OQSsiquc01req_202506029999.xml";
    Files.writeString(h.req().resolve(name), "<XmlMsg><MessageHeader>");
    Path err = h.res().resolve(name.replace(".xml", ".err"));
    h.waitFor(() -> Files.exists(err), Duration.ofSeconds(10), ".err");
  }

  @Test
  void duplicateWritesTheResultAgain() throws Exception {
    h.sim.faults().add(FaultRule.next("OQSsiquc01", 1, FaultType.DUPLICATE));
    String name = h.send("OQSsiquc01", singleCheck());
    ParsedDocument first = h.await(name);
    Path res = h.res().resolve(SimulatorHarness.resultName(name));
    Files.delete(res); // the gateway consumed it
    h.waitFor(() -> Files.exists(res), Duration.ofSeconds(10), "second copy");
    assertThat(text(new OqsXmlReader().read(res), "MessageHeader", "ArbitraryFileIdentifier"))
        .isEqualTo(text(first, "MessageHeader", "ArbitraryFileIdentifier"));
  }

  @Test
  void unknownResultAddsAResultNobodyAskedFor() throws Exception {
    h.sim.faults().add(FaultRule.next("OQSsiquc01", 1, FaultType.UNKNOWN_RESULT));
    String name = h.send("OQSsiquc01", singleCheck());
    h.await(name);
    h.waitFor(() -> count() == 2, Duration.ofSeconds(10), "extra result");
    String extra =
        resFiles().stream()
            .filter(n -> !n.equals(SimulatorHarness.resultName(name)))
            .findFirst()
            .orElseThrow();
    assertThat(extra).startsWith("OQSsiquc01res_");
    ParsedDocument stranger = new OqsXmlReader().read(h.res().resolve(extra));
    assertThat(text(stranger, "MessageHeader", "ArbitraryFileIdentifier")).startsWith("UNSENT-");
  }

  private long count() {
    try {
      return resFiles().size();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void stillProcessingAnswersSegmentTwoBeforeTheRealAnswer() throws Exception {
    h.sim.faults().add(FaultRule.next("OQSmuquc02", 1, FaultType.STILL_PROCESSING).withTimes(2));
    ParsedDocument up =
        h.send(
            "OQSmuquc01",
            header("QualificationConfirmationDate", "20250602"),
            of("MessageBody", search(person, person.coverages().get(0), true, "1")));
    String number = text(up, "MessageBody", "ReceptionNumber");
    XmlElement body = of("MessageBody", leaf("ReceptionNumber", number));
    assertThat(text(h.send("OQSmuquc02", header(), body), "MessageHeader", "SegmentOfResult"))
        .isEqualTo("2");
    assertThat(text(h.send("OQSmuquc02", header(), body), "MessageHeader", "SegmentOfResult"))
        .isEqualTo("2");
    ParsedDocument done = h.send("OQSmuquc02", header(), body);
    assertThat(text(done, "MessageHeader", "SegmentOfResult")).isEqualTo("1");
    assertThat(done.root().at("MessageBody", "BulkConfirmUnit")).isPresent();
  }

  @Test
  void latencyDelaysTheAnswer() throws Exception {
    h.sim.faults().add(FaultRule.next("OQSsiquc01", 1, FaultType.LATENCY).withMillis(600));
    long start = System.nanoTime();
    h.await(h.send("OQSsiquc01", singleCheck()));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  void downLeavesRequestsInReqUntilCleared() throws Exception {
    h.sim.faults().add(FaultRule.always("OQSsiquc01", FaultType.DOWN));
    String waiting = h.send("OQSsiquc01", singleCheck());
    h.await(h.send("OQSsiimm01", registration()));
    assertThat(h.req().resolve(waiting)).exists();
    assertThat(h.sim.pickedUpCount()).isEqualTo(1);
    h.sim.faults().clear();
    h.await(waiting);
    assertThat(h.req().resolve(waiting)).doesNotExist();
  }

  @Test
  void aFaultForOneFileNameHitsOnlyThatFile() throws Exception {
    h.sim.faults().add(FaultRule.forFile("OQSsiquc01req_202506020002.xml", FaultType.ERR));
    String first = h.send("OQSsiquc01", singleCheck());
    String second = h.send("OQSsiquc01", singleCheck());
    assertThat(second).isEqualTo("OQSsiquc01req_202506020002.xml");
    h.await(first);
    Path err = h.res().resolve(second.replace(".xml", ".err"));
    h.waitFor(() -> Files.exists(err), Duration.ofSeconds(10), ".err of the second");
  }

  @Test
  void aPeriodicRuleHitsExactlyOneRequestInNAtItsOffsetAndSurvivesInThePersistedPlan()
      throws Exception {
    h.sim.faults().add(FaultRule.every("OQSsiquc01", 3, 1, FaultType.ERR));
    h.sim.faults().add(FaultRule.every("OQSsiquc01", 3, 2, FaultType.NO_ANSWER));
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      names.add(h.send("OQSsiquc01", singleCheck()));
      String name = names.get(i);
      // one at a time, so that pick-up order is send order
      h.waitFor(
          () -> h.sim.pickedUpCount() == names.size(), Duration.ofSeconds(10), "pick-up " + name);
    }
    // the worker answers in order: once the last (number 6, hit by neither) is answered, the
    // dropped ones never will be
    h.await(names.get(6));
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Path result = h.res().resolve(SimulatorHarness.resultName(name));
      Path err = h.res().resolve(name.replace(".xml", ".err"));
      switch (i % 3) {
        case 0 -> h.await(name);
        case 1 -> h.waitFor(() -> Files.exists(err), Duration.ofSeconds(10), ".err of " + name);
        default -> {
          // dropped
        }
      }
      if (i % 3 != 0) {
        assertThat(result).doesNotExist();
      }
    }
    assertThat(h.sim.faults().rules())
        .extracting(FaultRule::seen)
        .as("every matching request counted by both rules")
        .containsExactly(7L, 7L);
  }

  @Test
  void aPeriodicRuleNeedsAnOffsetInsideItsPeriod() {
    assertThatThrownBy(() -> FaultRule.every("*", 5, 5, FaultType.ERR))
        .hasMessageContaining("offset < every");
    assertThatThrownBy(() -> FaultRule.every("*", 0, 0, FaultType.ERR))
        .hasMessageContaining("at least 1");
  }

  @Test
  void hostileAnswersWithADoctypeThatAHardenedReaderRefuses() throws Exception {
    Path res = resultUnder(FaultRule.next("OQSsiquc01", 1, FaultType.HOSTILE), "hostile result");
    assertThat(Files.readString(res, OqsCharset.SHIFT_JIS.charset()))
        .contains("<!DOCTYPE", "<!ENTITY lol10", "SYSTEM \"file:///etc/passwd\"", "&lol10;&xxe;");
    assertThatThrownBy(() -> new OqsXmlReader().read(res))
        .isInstanceOf(OqsXmlException.class)
        .hasMessageContaining("DOCTYPE is not allowed");
  }

  @Test
  void oversizedPadsTheRealResultToTheRequestedSize() throws Exception {
    Path res =
        resultUnder(
            FaultRule.next("OQSsiquc01", 1, FaultType.OVERSIZED).withTimes(2), "oversized result");
    assertThat(Files.size(res)).isGreaterThan(2L * 1024 * 1024);
    assertThat(text(new OqsXmlReader().read(res), "MessageHeader", "ArbitraryFileIdentifier"))
        .isEqualTo("F-1");
  }

  @Test
  void theFaultCommandChangesARunningSimulatorThroughThePersistedPlan() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(
            SimCommand.run(
                new String[] {
                  "fault",
                  "--root",
                  root.toString(),
                  "--kind",
                  "OQSsiquc01",
                  "--type",
                  "err",
                  "--count",
                  "1"
                },
                ps,
                ps))
        .isZero();
    String name = h.send("OQSsiquc01", singleCheck());
    Path err = h.res().resolve(name.replace(".xml", ".err"));
    h.waitFor(() -> Files.exists(err), Duration.ofSeconds(10), ".err");
    assertThat(
            SimCommand.run(
                new String[] {"fault", "--root", root.toString(), "--type", "down"}, ps, ps))
        .isZero();
    assertThat(h.sim.faults().rules()).extracting(FaultRule::type).containsExactly(FaultType.DOWN);
    assertThat(SimCommand.run(new String[] {"fault", "--root", root.toString(), "--clear"}, ps, ps))
        .isZero();
    assertThat(h.sim.faults().rules()).isEmpty();
    assertThat(
            SimCommand.run(
                new String[] {"fault", "--root", root.toString(), "--type", "latency"}, ps, ps))
        .isEqualTo(2);
    assertThat(
            SimCommand.run(
                new String[] {
                  "fault", "--root", root.toString(), "--type", "malformed", "--every", "5:3"
                },
                ps,
                ps))
        .isZero();
    assertThat(h.sim.faults().rules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.every()).isEqualTo(5);
              assertThat(r.offset()).isEqualTo(3);
              assertThat(r.type()).isEqualTo(FaultType.MALFORMED);
            });
  }
}
