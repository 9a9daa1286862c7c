package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
