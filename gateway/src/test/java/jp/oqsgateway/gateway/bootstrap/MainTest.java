package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.oqs.message.Samples;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void oqsValidateChecksATerminalFileThroughTheGatewayCommandLine() {
    int code = run(Map.of(), "oqs", "validate", Samples.path(Samples.SINGLE_RESULT).toString());
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK");
  }

  @Test
  void anUnknownCommandIsAUsageErrorWithTheUsageText() {
    assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown command 'frobnicate'")
        .contains("oqsgw oqs parse FILE");
  }

  @Test
  void configPrintsEveryKeyWithItsOriginAndMasksTheDatabasePasswords() {
    int code =
        run(
            Map.of(
                "OQSGW_PG_URL",
                "postgresql://gw:s3cret@db.example:5432/oqsgw",
                "OQSGW_PG_MIGRATION_URL",
                "postgresql://owner@db.example:5432/oqsgw?password=0wnerS3cret&sslmode=verify-full"),
            "config");
    assertThat(code).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("api.port")
        .contains("[environment OQSGW_PG_URL]")
        .contains("postgresql://gw:****@db.example:5432/oqsgw")
        .contains("postgresql://owner@db.example:5432/oqsgw?password=****&sslmode=verify-full")
        .doesNotContain("s3cret")
        .doesNotContain("0wnerS3cret");
  }

  @Test
  void helpListsEverySubCommandWithOneLineEach() {
    List<String> commands =
        List.of(
            "help",
            "generate-completion",
            "serve",
            "config",
            "version",
            "token",
            "keys",
            "tls",
            "oqs",
            "audit",
            "backup",
            "restore",
            "desk",
            "eligibility");
    assertThat(Main.commandLine(Map.of(), System.out, System.err).getSubcommands().keySet())
        .containsExactlyInAnyOrderElementsOf(commands);

    assertThat(run(Map.of(), "--help")).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help).startsWith("usage: oqsgw ");
    for (String command : commands) {
      assertThat(help).containsPattern("(?m)^  " + command + " +\\S.*$");
    }
    String list = help.substring(help.indexOf("commands:\n") + 10);
    assertThat(list.substring(0, list.indexOf("\n\n")).lines()).hasSameSizeAs(commands);
    assertThat(help).doesNotContain(" sim ");
  }

  @Test
  void serveReadsItsOptionsAndErrsAsTheWholeCommandLineDoesThoughBuiltWithoutTheOperatorCommands() {
    ByteArrayOutputStream wholeOut = new ByteArrayOutputStream();
    ByteArrayOutputStream wholeErr = new ByteArrayOutputStream();
    for (String[] args :
        List.of(
            new String[] {"serve", "--help"},
            new String[] {"serve", "--sett", "api.port=1"},
            new String[] {"serve", "--set", "no-such.key=1"})) {
      out.reset();
      err.reset();
      wholeOut.reset();
      wholeErr.reset();
      int code = run(Map.of(), args);
      int wholeCode =
          Main.commandLine(
                  Map.of(),
                  new PrintStream(wholeOut, true, StandardCharsets.UTF_8),
                  new PrintStream(wholeErr, true, StandardCharsets.UTF_8))
              .execute(args);

      assertThat(code).as(String.join(" ", args)).isEqualTo(wholeCode);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(wholeOut.toString(StandardCharsets.UTF_8));
      assertThat(err.toString(StandardCharsets.UTF_8))
          .isEqualTo(wholeErr.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void serveAloneAsTheUnitRunsItReportsABadSettingAsTheWholeCommandLineDoes() {
    Map<String, String> env = Map.of("OQSGW_API_PORT", "eighty");
    ByteArrayOutputStream wholeOut = new ByteArrayOutputStream();
    ByteArrayOutputStream wholeErr = new ByteArrayOutputStream();
    int wholeCode =
        Main.commandLine(
                env,
                new PrintStream(wholeOut, true, StandardCharsets.UTF_8),
                new PrintStream(wholeErr, true, StandardCharsets.UTF_8))
            .execute("serve");

    int code = run(env, "serve");

    assertThat(code).isEqualTo(wholeCode).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(wholeErr.toString(StandardCharsets.UTF_8))
        .startsWith("config error: ")
        .contains("api.port");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(wholeOut.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aUsageErrorExitsTwoNamingTheOffendingOptionAndShowsTheUsage() {
    assertThat(run(Map.of(), "token", "--role", "chart", "--subjekt", "karte-01")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("token: unknown argument '--subjekt'")
        .contains("usage: oqsgw token --role ROLE");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void versionAndTheCompletionScriptArePrinted() {
    assertThat(run(Map.of(), "--version")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("oqs-gateway ");
    out.reset();
    assertThat(run(Map.of(), "generate-completion")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("complete -F")
        .contains("oqsgw")
        .contains("export-ca");
  }
}
