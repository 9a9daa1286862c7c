package jp.oqsgateway.gateway.oqs.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;

/**
 * How the simulated terminal behaves.
 *
 * @param root the shared folder holding {@code req/}, {@code res/}, {@code face/}
 * @param institutionCode the clinic's 10-digit 医療機関コード the terminal is set up for
 * @param encoding result encoding (CharacterCodeIdentifier 0 UTF-8 / 1 Shift_JIS)
 * @param pickupDelay time between seeing a request and picking it up (OQS-PROTOCOL.md §1.5: "within
 *     a few seconds"; default short for tests)
 * @param scanInterval periodic scan of {@code req/} besides file-system notifications
 * @param answerDelay time between picking up and answering when no latency fault applies
 * @param duplicateDelay time before the second copy of a duplicated result
 * @param zipBulkResults whether bulk download results (…02res) are written as {@code .zip}
 * @param clock "now" for processing times and "today" for consent windows
 */
public record SimulatorOptions(
    Path root,
    String institutionCode,
    OqsCharset encoding,
    Duration pickupDelay,
    Duration scanInterval,
    Duration answerDelay,
    Duration duplicateDelay,
    boolean zipBulkResults,
    Clock clock) {

  public static final String DEFAULT_INSTITUTION = "1319876540";

  public static SimulatorOptions defaults(Path root) {
    return new SimulatorOptions(
        root,
        DEFAULT_INSTITUTION,
        OqsCharset.SHIFT_JIS,
        Duration.ofMillis(50),
        Duration.ofMillis(250),
        Duration.ZERO,
        Duration.ofMillis(300),
        false,
        Clock.systemUTC());
  }

  public SimulatorOptions withInstitutionCode(String code) {
    return new SimulatorOptions(
        root,
        code,
        encoding,
        pickupDelay,
        scanInterval,
        answerDelay,
        duplicateDelay,
        zipBulkResults,
        clock);
  }

  public SimulatorOptions withEncoding(OqsCharset cs) {
    return new SimulatorOptions(
        root,
        institutionCode,
        cs,
        pickupDelay,
        scanInterval,
        answerDelay,
        duplicateDelay,
        zipBulkResults,
        clock);
  }

  public SimulatorOptions withPickupDelay(Duration d) {
    return new SimulatorOptions(
        root,
        institutionCode,
        encoding,
        d,
        scanInterval,
        answerDelay,
        duplicateDelay,
        zipBulkResults,
        clock);
  }

  public SimulatorOptions withAnswerDelay(Duration d) {
    return new SimulatorOptions(
        root,
        institutionCode,
        encoding,
        pickupDelay,
        scanInterval,
        d,
        duplicateDelay,
        zipBulkResults,
        clock);
  }

  public SimulatorOptions withZipBulkResults(boolean zip) {
    return new SimulatorOptions(
        root,
        institutionCode,
        encoding,
        pickupDelay,
        scanInterval,
        answerDelay,
        duplicateDelay,
        zip,
        clock);
  }

  public SimulatorOptions withClock(Clock c) {
    return new SimulatorOptions(
        root,
        institutionCode,
        encoding,
        pickupDelay,
        scanInterval,
        answerDelay,
        duplicateDelay,
        zipBulkResults,
        c);
  }

  public Path req() {
    return root.resolve("req");
  }

  public Path res() {
    return root.resolve("res");
  }

  public Path face() {
    return root.resolve("face");
  }
}
