package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemctl start} returns once the gateway is ready: the unit's {@code ExecStartPost=}
 * command, run as systemd runs it, keeps waiting until the gateway says it is ready, then ends.
 */
@ExtendWith(VertxExtension.class)
class ServiceReadyTest {
  private static final Path UNIT = Path.of("..", "ops", "systemd", "oqs-gateway.service");

  @Test
  void theUnitsStartWaitsUntilTheGatewaySaysItIsReady(Vertx vertx, @TempDir Path runtime)
      throws Exception {
    List<String> unit = Files.readAllLines(UNIT, StandardCharsets.UTF_8);
    assertThat(unit).contains("Type=exec", "RuntimeDirectory=oqs-gateway");
    Process waiting = execStartPost(unit, runtime);
    try {
      assertThat(waiting.waitFor(1, TimeUnit.SECONDS)).as("still waiting before ready").isFalse();

      ServiceReady.from(Map.of("RUNTIME_DIRECTORY", runtime.toString())).ready(vertx).await();

      assertThat(waiting.waitFor(10, TimeUnit.SECONDS)).as("done once ready").isTrue();
      assertThat(waiting.exitValue()).isZero();
    } finally {
      waiting.destroyForcibly();
    }
  }

  @Test
  void aStoppingGatewayIsNoLongerReadyAndOutsideSystemdNothingIsWritten(
      Vertx vertx, @TempDir Path runtime) throws IOException {
    ServiceReady underSystemd = ServiceReady.from(Map.of("RUNTIME_DIRECTORY", runtime.toString()));
    underSystemd.ready(vertx).await();
    assertThat(runtime.resolve(ServiceReady.FILE)).exists();
    underSystemd.stopping();
    assertThat(runtime.resolve(ServiceReady.FILE)).doesNotExist();

    ServiceReady.from(Map.of()).ready(vertx).await();
    try (var files = Files.list(runtime)) {
      assertThat(files).isEmpty();
    }
  }

  /** The unit's ExecStartPost= command line as systemd passes it ({@code $$} is a literal $). */
  private static Process execStartPost(List<String> unit, Path runtime) throws IOException {
    String line =
        unit.stream().filter(l -> l.startsWith("ExecStartPost=")).findFirst().orElseThrow();
    String script = line.substring(line.indexOf('\'') + 1, line.lastIndexOf('\''));
    assertThat(line).startsWith("ExecStartPost=/bin/sh -c '");
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script.replace("$$", "$"));
    pb.environment().put("RUNTIME_DIRECTORY", runtime.toString());
    return pb.redirectErrorStream(true).start();
  }
}
