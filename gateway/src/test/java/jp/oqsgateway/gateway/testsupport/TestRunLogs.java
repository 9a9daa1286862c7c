package jp.oqsgateway.gateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The log files written during this build by every test JVM and every gateway child process, for
 * the checks that run last ({@code post-integration-test}) over the whole run. Logs of earlier
 * builds left in the same {@code target/} do not count.
 */
public final class TestRunLogs {
  private TestRunLogs() {}

  /** JSON log files and the console output of each test JVM (stderr that bypassed logback). */
  public static List<Path> ofThisBuild() {
    Path testLogs = GatewayProcess.testLogDir();
    List<Path> found = new ArrayList<>(filesOfThisBuild(testLogs, ".log"));
    found.addAll(filesOfThisBuild(testLogs.resolveSibling("surefire-reports"), "-output.txt"));
    found.addAll(filesOfThisBuild(testLogs.resolveSibling("failsafe-reports"), "-output.txt"));
    return List.copyOf(found);
  }

  /** The JSON log files only (one event per line). */
  public static List<Path> jsonLogsOfThisBuild() {
    return filesOfThisBuild(GatewayProcess.testLogDir(), ".log");
  }

  private static List<Path> filesOfThisBuild(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Instant buildStarted = buildStarted();
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .filter(f -> !modified(f).isBefore(buildStarted))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Maven's start of this build. */
  private static Instant buildStarted() {
    String started = System.getProperty("oqsgw.buildStarted", "");
    return started.isBlank() ? Instant.EPOCH : Instant.parse(started);
  }

  private static Instant modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static long lineCount(Path f) {
    try (Stream<String> l = Files.lines(f)) {
      return l.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
