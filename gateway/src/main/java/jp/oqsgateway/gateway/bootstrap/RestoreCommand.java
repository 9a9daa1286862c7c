package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.backup.BackupArchive;
import jp.oqsgateway.gateway.backup.BackupException;
import jp.oqsgateway.gateway.backup.KeyLocation;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgOptions;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oqsgw restore --from FILE [--passphrase-file F] [--force]}: puts a backup's database and
 * keys where this gateway's configuration says, for a gateway to start on afterwards. The file is
 * checked whole first (checksum, then passphrase); the places must be empty (a fresh {@code
 * pg.embedded.dir} and keys folder), or, with {@code --force}, what is there is moved aside to
 * {@code NAME.before-restore-TIME}, never deleted. The embedded database is made new (initdb,
 * roles, migrations up to the backup's version) and the rows loaded in one transaction; an external
 * database ({@code pg.migration-url}, else {@code pg.url}) must be empty. When anything fails, the
 * new data root is removed again and no key is moved into place.
 *
 * <p>Exit codes: 0 restored, 1 failed (one line says why; nothing restored).
 */
@Command(name = "restore", description = "restore a backup into a fresh data directory")
final class RestoreCommand extends ArchiveCommand {
  @Option(names = "--from", required = true, paramLabel = "FILE", description = "the backup")
  Path from;

  @Option(
      names = "--force",
      description = "move what the data directory and keys folder hold aside instead of refusing")
  boolean force;

  private Target target;

  RestoreCommand(
      Supplier<GatewayConfig> config, InputStream stdin, PrintStream out, PrintStream err) {
    super(config, stdin, out, err);
  }

  @Override
  void run(GatewayConfig config, Optional<char[]> passphrase) throws IOException, SQLException {
    DatabaseConfig database = config.database();
    Optional<EmbeddedPgOptions> embedded =
        database.externalUrl().isPresent()
            ? Optional.empty()
            : Optional.of(BackupPlaces.embedded(database));
    List<KeyLocation> keys = BackupPlaces.keys(config);
    if (!Files.isRegularFile(from)) {
      throw new BackupException(from + " is not a file");
    }
    List<Path> occupied = BackupPlaces.occupied(keys, embedded.map(EmbeddedPgOptions::root));
    if (!occupied.isEmpty() && !force) {
      throw new BackupException(
          "not empty: "
              + occupied
              + "; restore into a fresh data directory and keys folder, or add --force to move"
              + " what is there aside; nothing was restored");
    }
    target = new Target(database, embedded, occupied);
    BackupArchive.Summary summary = BackupArchive.read(from, passphrase, target, keys);
    target.close();
    out.println(
        "restored "
            + from
            + " ("
            + describe(summary)
            + ")"
            + (target.movedAside.isEmpty() ? "" : "; moved aside: " + target.movedAside)
            + "; start the gateway on it");
  }

  @Override
  void undo(Exception failure) {
    if (target != null) {
      target.undo(failure);
    }
  }

  /** The database a restore loads into, made ready only once the backup proved intact. */
  private static final class Target implements BackupArchive.DatabaseTarget {
    private final DatabaseConfig database;
    private final Optional<EmbeddedPgOptions> embedded;
    private final List<Path> occupied;
    private final List<Path> movedAside = new ArrayList<>();
    private EmbeddedPostgres server;
    private Connection connection;
    private boolean touched;

    Target(DatabaseConfig database, Optional<EmbeddedPgOptions> embedded, List<Path> occupied) {
      this.database = database;
      this.embedded = embedded;
      this.occupied = occupied;
    }

    @Override
    public Connection prepare(String schemaVersion) throws SQLException {
      try {
        for (Path p : occupied) {
          movedAside.add(BackupPlaces.moveAside(p));
        }
      } catch (IOException e) {
        throw new BackupException("cannot move aside what is in the way: " + e, e);
      }
      PgEndpoint owner;
      String app;
      touched = true;
      if (embedded.isPresent()) {
        server = EmbeddedPostgres.start(embedded.get());
        DatabaseRoles.Split roles = DatabaseRoles.provision(server, database.database());
        owner = roles.owner();
        app = roles.app().user();
      } else {
        PgEndpoint url = DatabaseBootstrap.fromUrl(database.externalUrl().get());
        owner = database.migrationUrl().map(DatabaseBootstrap::fromUrl).orElse(url);
        app = url.user();
      }
      connection = DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
      if (!embedded.isPresent()) {
        requireEmpty(connection, owner);
      }
      String version =
          Migrations.applyUpTo(owner.jdbcUrl(), owner.user(), owner.password(), app, schemaVersion);
      if (!schemaVersion.equals(version)) {
        throw new BackupException(
            "the backup's schema version is "
                + schemaVersion
                + " but this release's migrations end at "
                + version
                + "; restore with a release at least as new as the one that made the backup");
      }
      return connection;
    }

    private static void requireEmpty(Connection c, PgEndpoint owner) throws SQLException {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select count(*) from pg_class where relnamespace = 'public'::regnamespace"
                      + " and relkind in ('r', 'p')")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          throw new BackupException(
              "database "
                  + owner.database()
                  + " on "
                  + owner.host()
                  + " already has tables; restore into a new, empty database");
        }
      }
    }

    void close() {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (SQLException e) {
        // the transaction already committed or rolled back; nothing is left to close cleanly
      } finally {
        connection = null;
        if (server != null) {
          server.close();
          server = null;
        }
      }
    }

    /**
     * After a failure: what the new embedded data root holds goes (it was empty, or moved aside);
     * what was moved aside stays aside; an external database's transaction was rolled back.
     */
    void undo(Exception failure) {
      close();
      if (touched && embedded.isPresent() && Files.isDirectory(embedded.get().root())) {
        try {
          BackupPlaces.empty(embedded.get().root());
        } catch (IOException e) {
          failure.addSuppressed(e);
        }
      }
    }
  }
}
