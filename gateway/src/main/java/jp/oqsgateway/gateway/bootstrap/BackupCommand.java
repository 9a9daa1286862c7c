package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.backup.BackupArchive;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
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
final class BackupCommand extends ArchiveCommand {
  @Option(names = "--to", required = true, paramLabel = "FILE", description = "the new file")
  Path to;

  BackupCommand(
      Supplier<GatewayConfig> config, InputStream stdin, PrintStream out, PrintStream err) {
    super(config, stdin, out, err);
  }

  @Override
  void run(GatewayConfig config, Optional<char[]> passphrase) throws IOException, SQLException {
    DatabaseConfig database = config.database();
    Optional<PgEndpoint> running = RunningDatabase.find(database, DatabaseRoles.OWNER);
    EmbeddedPostgres started = null;
    try {
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
              + " ("
              + describe(summary)
              + ", "
              + (passphrase.isPresent()
                  ? "encrypted"
                  : "NOT encrypted: keep it as safe as the keys")
              + ")");
    } finally {
      if (started != null) {
        started.close();
      }
    }
  }
}
