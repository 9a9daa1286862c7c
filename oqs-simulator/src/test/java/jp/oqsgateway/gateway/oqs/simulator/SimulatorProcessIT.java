package jp.oqsgateway.gateway.oqs.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.gateway.oqs.message.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's own runnable jar, as {@code ./ops/demo} runs it beside the gateway: a process of
 * its own on the terminal's folders that answers requests, writes the test JPKI CA the gateway is
 * told to trust, and ends on SIGTERM.
 */
class SimulatorProcessIT {
  @TempDir Path root;
  private Process process;

  @AfterEach
  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void theJarAnswersARequestFileInItsOwnProcessAndStopsOnSigterm() throws Exception {
    Path log = root.resolve("simulator.log");
    process =
        new ProcessBuilder(java(), "-jar", jar().toString(), "run", "--root", root.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("Ctrl-C to stop"));

    Files.copy(
        Samples.path(Samples.SINGLE_REQUEST), root.resolve("req").resolve(Samples.SINGLE_REQUEST));

    Path answer = root.resolve("res").resolve(Samples.SINGLE_RESULT);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(answer));
    assertThat(root.resolve(".simulator/ca/ca.crt.pem")).exists();

    process.destroy(); // SIGTERM
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
  }

  @Test
  void theCaCommandWritesTheTestCaCertificateWhereTheGatewayIsToldToFindIt() throws Exception {
    Path target = root.resolve("trust/jpki-ca.pem");
    Path out = root.resolve("out.txt");
    process =
        new ProcessBuilder(
                List.of(
                    java(),
                    "-jar",
                    jar().toString(),
                    "ca",
                    "--root",
                    root.toString(),
                    "--out",
                    target.toString()))
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(Files.readString(out, StandardCharsets.UTF_8).strip()).isEqualTo(target.toString());
    assertThat(Files.readString(target, StandardCharsets.US_ASCII))
        .isEqualTo(Files.readString(root.resolve(".simulator/ca/ca.crt.pem")))
        .startsWith("-----BEGIN CERTIFICATE-----");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Path jar() throws IOException {
    Path jar = Path.of(System.getProperty("oqsgw.simulatorJar", "target/oqs-simulator.jar"));
    if (!Files.exists(jar)) {
      throw new IOException(jar + " is missing: failsafe runs after package builds it");
    }
    return jar;
  }
}
