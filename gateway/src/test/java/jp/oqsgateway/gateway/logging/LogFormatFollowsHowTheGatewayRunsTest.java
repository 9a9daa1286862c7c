package jp.oqsgateway.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM with the production logging setup ({@link LoggingSetup}): JSON lines when systemd's
 * variables are set, human-readable lines on a real terminal (a pseudo-terminal made by util-linux
 * {@code script}).
 */
class LogFormatFollowsHowTheGatewayRunsTest {
  @Test
  void underSystemdTheLinesAreJsonForTheJournal() throws Exception {
    String output = run(Map.of("JOURNAL_STREAM", "8:4242", "INVOCATION_ID", "0f3a9c"), false);

    JsonObject line =
        new JsonObject(
            output.lines().filter(l -> l.contains("probe line")).findFirst().orElseThrow());
    assertThat(line.getString("msg")).isEqualTo("probe line");
    assertThat(line.getInteger("status")).isEqualTo(200);
  }

  @Test
  @EnabledIf("scriptIsInstalled")
  void runByHandOnATerminalTheLinesAreReadable() throws Exception {
    String output = run(Map.of(), true);

    assertThat(output)
        .containsPattern(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  LogFormatProbe: probe line status=200")
        .doesNotContain("{\"ts\"");
  }

  static boolean scriptIsInstalled() {
    return Files.isExecutable(Path.of("/usr/bin/script"));
  }

  @Test
  void anOperatorsOwnLogbackFileReplacesTheGatewaysSetup(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("operator-logback.xml");
    Files.writeString(
        file,
        """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>OPERATOR %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """);

    String output = run(Map.of(), false, "-D" + LoggingSetup.OPERATOR_FILE + "=" + file);

    assertThat(output).contains("OPERATOR probe line").doesNotContain("{\"ts\"");
  }

  private static String run(Map<String, String> env, boolean onATerminal, String... options)
      throws IOException, InterruptedException {
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.addAll(List.of("-cp", System.getProperty("java.class.path")));
    java.add("-D" + TestLogging.PRODUCTION_ONLY + "=production");
    java.addAll(List.of(options));
    java.add(LogFormatProbe.class.getName());
    List<String> command = new ArrayList<>();
    if (onATerminal) {
      command.addAll(List.of("/usr/bin/script", "-qec", String.join(" ", java), "/dev/null"));
    } else {
      command.addAll(java);
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JOURNAL_STREAM");
    builder.environment().remove("INVOCATION_ID");
    builder.environment().putAll(env);
    if (onATerminal) {
      builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    }
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
