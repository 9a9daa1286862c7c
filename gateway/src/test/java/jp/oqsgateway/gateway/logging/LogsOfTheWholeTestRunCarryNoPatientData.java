package jp.oqsgateway.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.oqs.message.Samples;
import jp.oqsgateway.gateway.testsupport.TestRunLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The last check of the module's build (its own failsafe execution, bound to {@code
 * post-integration-test}, after surefire and the {@code *IT}s): every log line written during this
 * build, by the unit-test JVM, the integration-test JVM and every gateway child process (the real
 * jar with its production logging), is free of the fictitious patients' names, kana, birth dates,
 * insurer and insured numbers, chart ids and addresses ({@link PatientDataScanner} says how it
 * matches and why it does not mistake ports, pids, timestamps or ids for them).
 */
class LogsOfTheWholeTestRunCarryNoPatientData {
  /** Fewer lines would mean the logs were not collected, not that they are clean. */
  private static final int MIN_SUREFIRE_LINES = 500;

  private static final int MIN_GATEWAY_PROCESS_LINES = 50;

  private static List<Path> logs;

  @BeforeAll
  static void collectTheLogsOfThisBuild() {
    logs = TestRunLogs.ofThisBuild();
  }

  private static long lines(String prefix) {
    return logs.stream()
        .filter(f -> f.getFileName().toString().startsWith(prefix))
        .mapToLong(TestRunLogs::lineCount)
        .sum();
  }

  @Test
  void theLogsOfTheUnitTestsTheIntegrationTestsAndTheRealJarWereCollected() {
    assertThat(logs).as("log files of this build").isNotEmpty();
    assertThat(lines("surefire-"))
        .as("lines logged in the unit-test JVM")
        .isGreaterThan(MIN_SUREFIRE_LINES);
    assertThat(lines("failsafe-")).as("lines logged in the integration-test JVM").isPositive();
    assertThat(logs.stream().filter(f -> f.getFileName().toString().startsWith("gateway-process-")))
        .as("gateway child processes")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(lines("gateway-process-"))
        .as("lines printed by the real jar")
        .isGreaterThan(MIN_GATEWAY_PROCESS_LINES);
  }

  @Test
  void noLogLineNamesAPatientOrCarriesTheirBirthDateOrInsuranceNumbers() throws IOException {
    List<Path> samples;
    try (Stream<Path> s = Files.list(Samples.path(Samples.SINGLE_RESULT).getParent())) {
      samples = s.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
    }
    PatientDataScanner scanner = PatientDataScanner.forTestData(samples);
    List<PatientDataScanner.Finding> found = new ArrayList<>();
    for (Path log : logs) {
      found.addAll(scanner.scanFile(log));
    }
    assertThat(found).as("patient data in " + logs.size() + " log files").isEmpty();
  }
}
