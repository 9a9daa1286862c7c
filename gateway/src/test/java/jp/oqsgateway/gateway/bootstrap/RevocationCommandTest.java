package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code token revoke} finds the embedded database: the server the running gateway started,
 * from its data root. (Against a real database: {@link TokenRevocationAcrossGatewaysTest}.)
 */
class RevocationCommandTest {
  @TempDir Path dir;

  private DatabaseConfig embeddedAt(Path root) throws IOException {
    // Searchable by the database's system user when the tests run as root.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new DatabaseConfig(
        Optional.empty(),
        2,
        0,
        "oqsgw",
        new EmbeddedDatabaseConfig(root, false, "oqsgw-pg", 0, false, Duration.ofSeconds(30)),
        Optional.empty(),
        false,
        false);
  }

  @Test
  void theRunningEmbeddedServerIsFoundByThePortInItsPidFileAsTheApplicationRole()
      throws IOException {
    Path root = dir.resolve("pg");
    Files.createDirectories(root.resolve("data"));
    Files.writeString(
        root.resolve("data/postmaster.pid"),
        "4242\n" + root.resolve("data") + "\n1764800000\n54321\n" + root.resolve("run") + "\n");
    Files.createDirectories(root.resolve("secrets"));
    Files.writeString(root.resolve("secrets/oqsgw_app"), "s3cret\n");

    PgEndpoint endpoint = RunningDatabase.find(embeddedAt(root)).orElseThrow();

    assertThat(endpoint.host()).isEqualTo("127.0.0.1");
    assertThat(endpoint.port()).isEqualTo(54321);
    assertThat(endpoint.database()).isEqualTo("oqsgw");
    assertThat(endpoint.user()).isEqualTo("oqsgw_app");
    assertThat(endpoint.password()).isEqualTo("s3cret");
  }

  @Test
  void withoutARunningGatewayTheCommandSaysToStartItFirstAndExitsWithOne() throws IOException {
    Path root = dir.resolve("pg");
    Files.createDirectories(root);
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    DatabaseConfig database = embeddedAt(root);
    int code =
        new RevocationCommand.Revocations(
                () -> database,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .call();

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "token: the gateway's embedded database is not running; start the gateway first (or"
                + " set pg.url)\n");
  }
}
