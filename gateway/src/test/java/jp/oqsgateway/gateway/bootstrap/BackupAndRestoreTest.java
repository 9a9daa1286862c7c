package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code oqsgw backup} of a running gateway on its embedded database, and {@code oqsgw restore}
 * into a fresh home and data directory: a gateway started there serves the old checks to a token
 * the old keys signed (a key rotated out before the backup included), and the read audit's chain
 * still verifies. A wrong passphrase and a damaged file are refused, naming the problem, with
 * nothing restored.
 */
class BackupAndRestoreTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static Path dir;
  private static Path backup;
  private static Path passphrase;
  private static String oldToken;
  private static final List<String> checkIds = new ArrayList<>();
  private static final List<JsonObject> checksAsServed = new ArrayList<>();
  private static long auditRows;

  @BeforeAll
  static void aGatewayWithChecksAndAuditRowsIsBackedUpWhileItRuns() throws IOException {
    // Under /tmp, reachable by PostgreSQL's own user when the tests run as root.
    dir = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-backup-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, "correct horse battery staple\n");
    backup = dir.resolve("gateway.bak");
    Path root = dir.resolve("pg-old");
    InProcessGateway old =
        InProcessGateway.withSimulatedTerminal(
            "backup-old", Map.of("pg.url", "", "pg.embedded.dir", root.toString()));
    TerminalSimulator terminal = old.startTerminal(PEOPLE);
    try {
      ChartApi api = ChartApi.of(old);
      for (int i = 0; i < 2; i++) {
        HttpResponse<Buffer> made =
            api.postCheck("?wait=20", CheckBodies.forPerson(CheckBodies.coveredToday(PEOPLE, i)));
        assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
        String id = made.bodyAsJsonObject().getString("id");
        checkIds.add(id);
        checksAsServed.add(api.get("/api/v1/qualification-checks/" + id).bodyAsJsonObject());
      }
      oldToken = old.bearer(Role.CHART);
      // Its key is rotated out before the backup: the backup carries it as a retired key.
      Run rotate = run(env(old.home(), root), "keys", "rotate");
      assertThat(rotate.code()).as(rotate.out()).isZero();
      auditRows = old.firstRow("select count(*) from audit_read").getLong(0);
      assertThat(auditRows).as("reads of patient data were audited").isPositive();

      Run run =
          run(
              env(old.home(), root),
              "backup",
              "--to",
              backup.toString(),
              "--passphrase-file",
              passphrase.toString());

      assertThat(run.code()).as(run.out()).isZero();
      assertThat(run.out()).contains("backup written", "encrypted");
    } finally {
      terminal.stop();
      old.stopKeepingHome();
    }
    try {
      // Stopped, the command starts the embedded server itself for the time of the backup.
      Run stopped =
          run(env(old.home(), root), "backup", "--to", dir.resolve("stopped.bak").toString());
      assertThat(stopped.code()).as(stopped.out()).isZero();
      assertThat(stopped.out()).contains("backup written", "NOT encrypted");
    } finally {
      TestDatabase.deleteQuietly(old.home());
    }
  }

  @AfterAll
  static void deleteEverything() {
    TestDatabase.deleteQuietly(dir);
  }

  @Test
  void theBackupIsOneFileOnlyItsOwnerCanRead() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(backup, StandardCharsets.ISO_8859_1))
        .startsWith("OQSGW-BACKUP 1\n")
        .as("encrypted: no key in the clear")
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void aRestoredGatewayServesTheOldChecksToTheOldTokensAndItsAuditChainVerifies()
      throws IOException {
    Path home = Files.createDirectory(dir.resolve("home-new"));
    Path root = dir.resolve("pg-new");

    Run restore = restore(home, root, backup, passphrase);

    assertThat(restore.code()).as(restore.out()).isZero();
    assertThat(restore.out()).contains("restored");
    InProcessGateway restored =
        InProcessGateway.withSimulatedTerminalIn(
            home, "backup-new", Map.of("pg.url", "", "pg.embedded.dir", root.toString()));
    try {
      for (int i = 0; i < checkIds.size(); i++) {
        HttpResponse<Buffer> read =
            restored
                .client()
                .get(
                    restored.apiPort(),
                    "127.0.0.1",
                    "/api/v1/qualification-checks/" + checkIds.get(i))
                .putHeader("Authorization", oldToken)
                .send()
                .await();
        assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
        assertThat(read.bodyAsJsonObject()).isEqualTo(checksAsServed.get(i));
      }
      Run verify = run(env(home, root), "audit", "verify");
      assertThat(verify.code()).as(verify.out()).isZero();
      assertThat(verify.out()).contains("audit chain intact: " + (auditRows + checkIds.size()));
      // The restored key that signs from now on (the rotation's new one) is served too.
      HttpResponse<Buffer> byNewKey =
          restored
              .client()
              .get(
                  restored.apiPort(),
                  "127.0.0.1",
                  "/api/v1/qualification-checks/" + checkIds.get(0))
              .putHeader("Authorization", restored.bearer(Role.CHART))
              .send()
              .await();
      assertThat(byNewKey.statusCode()).as(byNewKey.bodyAsString()).isEqualTo(200);

      Run again = restore(home, root, backup, passphrase);
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.out()).contains("not empty", root.toString(), "--force");
    } finally {
      restored.close();
    }
  }

  @Test
  void aWrongPassphraseIsRefusedAsSuchAndNothingIsRestored() throws IOException {
    Path wrong = dir.resolve("wrong-passphrase");
    Files.writeString(wrong, "not the passphrase at all\n");
    Path home = Files.createDirectory(dir.resolve("home-wrong"));
    Path root = dir.resolve("pg-wrong");

    Run run = restore(home, root, backup, wrong);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("wrong passphrase", "nothing was restored");
    assertThat(root).doesNotExist();
    assertThat(home.resolve("var/keys")).doesNotExist();
  }

  @Test
  void aDamagedFileIsRefusedByItsChecksumAndNothingIsRestored() throws IOException {
    Path damaged = dir.resolve("damaged.bak");
    Files.copy(backup, damaged);
    try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw")) {
      long middle = file.length() / 2;
      file.seek(middle);
      int b = file.read();
      file.seek(middle);
      file.write(b ^ 0x01);
    }
    Path home = Files.createDirectory(dir.resolve("home-damaged"));
    Path root = dir.resolve("pg-damaged");

    Run run = restore(home, root, damaged, passphrase);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("is damaged", "SHA-256 checksum", "nothing was restored");
    assertThat(root).doesNotExist();
    assertThat(home.resolve("var/keys")).doesNotExist();
  }

  private record Run(int code, String out) {}

  private static Run restore(Path home, Path root, Path file, Path passphraseFile) {
    return run(
        env(home, root),
        "restore",
        "--from",
        file.toString(),
        "--passphrase-file",
        passphraseFile.toString());
  }

  private static Map<String, String> env(Path home, Path root) {
    return Map.of("OQSGW_HOME", home.toString(), "OQSGW_PG_EMBEDDED_DIR", root.toString());
  }

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int code = Main.run(args, env, print, print);
    return new Run(code, out.toString(StandardCharsets.UTF_8));
  }
}
