package jp.oqsgateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jp.oqsgateway.agent.pcsc.SimulatedPcsc;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final SimulatedPcsc pcsc = new SimulatedPcsc();

  private int run(Map<String, String> env, String... args) {
    return Main.run(
        args,
        () -> pcsc,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void anUnknownCommandIsRefusedWithUsage() {
    assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'");
  }

  @Test
  void readersListsEveryReaderAndWhetherACardIsIn() {
    pcsc.plug("Reader A");
    assertThat(run(Map.of(), "readers")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Reader A\tempty\n");
  }

  @Test
  void watchWithABadConfigurationExitsTwoWithOneLineNamingTheKey() {
    assertThat(run(Map.of("OQSAGENT_BUFFER_MAX_EVENTS", "0"), "watch")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "configuration buffer.max-events (environment OQSAGENT_BUFFER_MAX_EVENTS): an integer"
                + " from 1 to 1000000\n");
  }

  @Test
  void whenPcscCannotBeReachedReadersExitsOne() {
    pcsc.stopService();
    assertThat(run(Map.of(), "readers")).isEqualTo(1);
  }

  @Test
  void helpListsEveryCommandAndAnUnknownOptionExitsTwoNamingIt() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("  readers ")
        .contains("  watch ")
        .contains("  run ")
        .contains("  version ");
    assertThat(run(Map.of(), "run", "--konfig", "agent.yaml")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'--konfig'");
  }
}
