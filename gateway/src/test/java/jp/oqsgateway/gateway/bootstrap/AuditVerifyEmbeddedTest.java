package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@code oqsgw audit verify} against the embedded database the gateway runs: found through the
 * server's own pid file while the gateway runs, and a clear "cannot run" (exit 2) once it stopped.
 */
class AuditVerifyEmbeddedTest {
  @Test
  void verifyReadsTheEmbeddedDatabaseWhileTheGatewayRunsAndSaysSoWhenItDoesNot()
      throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-audit-embedded-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path root = dir.resolve("pg");
    Map<String, String> env;
    try {
      InProcessGateway gw =
          InProcessGateway.start(
              "audit-embedded", Map.of("pg.url", "", "pg.embedded.dir", root.toString()));
      env = Map.of("OQSGW_HOME", gw.home().toString(), "OQSGW_PG_EMBEDDED_DIR", root.toString());
      try {
        String[] out = new String[1];
        assertThat(run(env, out)).as(out[0]).isEqualTo(0);
        assertThat(out[0]).contains("audit chain intact");
      } finally {
        gw.close();
      }
      String[] out = new String[1];
      assertThat(run(env, out)).as(out[0]).isEqualTo(2);
      assertThat(out[0]).contains("the embedded database is not running");
    } finally {
      TestDatabase.deleteQuietly(dir);
    }
  }

  private static int run(Map<String, String> env, String[] output) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = Main.run(new String[] {"audit", "verify"}, env, print, print);
    output[0] = out.toString(StandardCharsets.UTF_8);
    return code;
  }
}
