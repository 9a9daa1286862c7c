package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.backup.BackupArchive;
import jp.oqsgateway.gateway.backup.BackupException;
import jp.oqsgateway.gateway.backup.Passphrase;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgException;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oqsgw backup --to FILE [--passphrase-file F]}: one file holding a consistent dump of the
 * gateway's database (one snapshot, read while the gateway keeps serving) and its keys, with a
 * SHA-256 checksum, encrypted when a passphrase is given. The dump connects as the role that owns
 * the schema: to the embedded server the running gateway started (found as {@code audit verify}
 * finds it), or, when none runs, to one this command starts and stops; or to {@code
 * pg.migration-url} (else {@code pg.url}) on an external server.
 *
 * <p>Exit codes: 0 written, 1 failed (one line says why; no file is left behind).
 */
@Command(name = "backup", description = "back the database and the keys up into one file")
final class BackupCommand implements Callable<Integer> {
  @Option(names = "--to", required = true, paramLabel = "FILE", description = "the new file")
  Path to;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "encrypt with the passphrase on the first line of FILE (- : standard input)")
  String passphraseFile;

  private final Supplier<GatewayConfig> config;
  private final InputStream stdin;
  private final PrintStream out;
  private final PrintStream err;

  BackupCommand(
      Supplier<GatewayConfig> config, InputStream stdin, PrintStream out, PrintStream err) {
    this.config = config;
    this.stdin = stdin;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    GatewayConfig config = this.config.get();
    Optional<char[]> passphrase = Optional.empty();
    EmbeddedPostgres started = null;
    try {
      if (passphraseFile != null) {
        passphrase = Optional.of(Passphrase.read(passphraseFile, stdin));
      }
      DatabaseConfig database = config.database();
      Optional<PgEndpoint> running = RunningDatabase.find(database, DatabaseRoles.OWNER);
      PgEndpoint owner;
      if (running.isPresent()) {
        owner = running.get();
      } else {
        started = EmbeddedPostgres.start(BackupPlaces.embedded(database));
        owner =
            started
                .endpoint()
                .withDatabase(database.database())
                .withRole(DatabaseRoles.OWNER, started.secret(DatabaseRoles.OWNER));
      }
      BackupArchive.Summary summary;
      try (Connection c =
          DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password())) {
        summary =
            BackupArchive.write(
                to.toAbsolutePath(), passphrase, c, BackupPlaces.keys(config), Main.versionText());
      }
      out.println(
          "backup written: "
              + to.toAbsolutePath()
              + " (schema version "
              + summary.schemaVersion()
              + ", "
              + summary.tables()
              + " tables, "
              + summary.rows()
              + " rows, "
              + summary.keyFiles()
              + " key files, "
              + (passphrase.isPresent()
                  ? "encrypted"
                  : "NOT encrypted: keep it as safe as the keys")
              + ")");
      return Cli.OK;
    } catch (BackupException | EmbeddedPgException e) {
      err.println("backup: " + e.getMessage());
      return Cli.FAILED;
    } catch (SQLException e) {
      // The driver's message names the server and the SQL state; never row data.
      err.println("backup: cannot read the database: " + e.getMessage());
      return Cli.FAILED;
    } catch (IOException e) {
      err.println("backup: " + e);
      return Cli.FAILED;
    } finally {
      passphrase.ifPresent(p -> Arrays.fill(p, '\0'));
      if (started != null) {
        started.close();
      }
    }
  }
}
