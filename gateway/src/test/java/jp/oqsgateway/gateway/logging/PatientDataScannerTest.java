package jp.oqsgateway.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.format.DateTimeFormatter;
import java.util.List;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import org.junit.jupiter.api.Test;

/**
 * The scanner behind {@code LogsOfTheWholeTestRunCarryNoPatientData} finds leaks, and only leaks.
 */
class PatientDataScannerTest {
  private static final SimulatedPopulation POPULATION = SimulatedPopulation.standard();

  /** SIM-0001 標本　一郎, an 8-digit insurer number, an 8-digit insured number. */
  private final SimulatedPerson person = POPULATION.persons().get(0);

  private final Coverage coverage = person.coverages().get(0);
  private final PatientDataScanner scanner = PatientDataScanner.forPerson(person);

  /** A line as the production layout writes it, with the given message. */
  private static String logLine(String message) {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("jp.oqsgateway.gateway.oqs.link.OqsLink");
    LoggingEvent event = new LoggingEvent(null, logger, Level.INFO, message, null, null);
    return new AllowListJsonLayout().doLayout(event);
  }

  private List<String> kindsIn(String line) {
    return scanner.scanLine(line, "synthetic.log", 1).stream()
        .map(PatientDataScanner.Finding::kind)
        .toList();
  }

  @Test
  void aNameInALogLineIsFoundWholeWithoutItsSpaceAndByItsFamilyName() {
    String[] parts = person.name().split("　");
    assertThat(kindsIn(logLine("checked " + person.name()))).contains("name");
    assertThat(kindsIn(logLine("checked " + parts[0] + parts[1]))).contains("name");
    assertThat(kindsIn(logLine("family " + parts[0] + " matched"))).contains("name");
  }

  @Test
  void aNameIsFoundEvenWhenTheJsonWriterEscapedItsCharacters() {
    StringBuilder escaped = new StringBuilder();
    person.name().chars().forEach(c -> escaped.append(String.format("\\u%04x", c)));
    assertThat(kindsIn("{\"msg\":\"" + escaped + "\"}")).contains("name");
  }

  @Test
  void halfWidthAndFullWidthKanaAreFound() {
    assertThat(kindsIn(logLine("kana " + person.nameKana()))).contains("kana");
    assertThat(kindsIn(logLine("kana " + person.chart().nameKana()))).contains("kana");
  }

  @Test
  void aBirthDateIsFoundInEachFormTheGatewayCouldPrint() {
    for (String form : List.of("uuuuMMdd", "uuuu-MM-dd", "uuuu/MM/dd", "uuuu年M月d日")) {
      String date = person.birthDate().format(DateTimeFormatter.ofPattern(form));
      assertThat(kindsIn(logLine("born " + date))).as(form).containsExactly("birth date");
    }
  }

  @Test
  void insurerAndInsuredNumbersAreFoundAsWholeTokens() {
    assertThat(kindsIn(logLine("insurer " + coverage.insurerNumber())))
        .containsExactly("insurer number");
    assertThat(kindsIn(logLine("card " + coverage.number() + "/" + coverage.branch())))
        .containsExactly("insured number");
    assertThat(kindsIn("{\"msg\":\"x\",\"file\":\"" + coverage.insurerNumber() + "\"}"))
        .containsExactly("insurer number");
  }

  @Test
  void aSixDigitNationalHealthInsurerNumberIsFoundPlainAndPadded() {
    SimulatedPerson kokuho =
        POPULATION.persons().stream()
            .filter(p -> p.coverages().get(0).insurerNumber().length() == 6)
            .findFirst()
            .orElseThrow();
    PatientDataScanner s = PatientDataScanner.forPerson(kokuho);
    String number = kokuho.coverages().get(0).insurerNumber();
    assertThat(s.scanLine(logLine("insurer " + number), "x", 1)).isNotEmpty();
    assertThat(s.scanLine(logLine("insurer 00" + number), "x", 1)).isNotEmpty();
    assertThat(s.scanLine(logLine("insurer   " + number), "x", 1)).isNotEmpty();
  }

  @Test
  void theWholeTestDataSetIsLoadedFromThePopulationAndTheSamples() throws Exception {
    PatientDataScanner all =
        PatientDataScanner.forTestData(
            List.of(
                jp.oqsgateway.gateway.oqs.message.Samples.path("OQSsiquc01res_202506020001.xml")));
    assertThat(all.size()).isGreaterThan(POPULATION.persons().size() * 5);
    assertThat(all.scanLine(logLine("birth 19850412"), "x", 1)).isNotEmpty();
    assertThat(all.scanLine(logLine("address 東京都"), "x", 1)).isEmpty();
  }

  @Test
  void timestampsPortsPidsIdsAndFileNamesAreNotMistakenForPatientData() {
    String born = person.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE);
    String insurer = coverage.insurerNumber();
    String number = coverage.number();
    List<String> innocent =
        List.of(
            logLine("gateway ready"),
            "{\"ts\":\"" + person.birthDate() + "T08:20:27.206Z\",\"msg\":\"x\"}",
            logLine("processed OQSsiquc01res_" + born + "0001.xml"),
            logLine("request id a" + insurer + "b and key kid" + number),
            logLine("face file 1319876540" + insurer + "_" + born + "103344.xml"),
            logLine("reception " + insurer + number),
            "{\"msg\":\"request written\",\"exchangeId\":\""
                + insurer
                + "-2221-4ef8-9571-19f92a7e87e2\"}",
            "{\"msg\":\"postmaster stopped\",\"pid\":" + number + ",\"port\":40259}",
            logLine("受付画面 http://127.0.0.1:40259/"));
    for (String line : innocent) {
      assertThat(kindsIn(line)).as(line).isEmpty();
    }
  }
}
