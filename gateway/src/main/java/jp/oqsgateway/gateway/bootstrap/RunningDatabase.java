package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.pg.DataRoot;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;

/**
 * The database a command run beside a gateway ({@code token revoke}, {@code audit verify}) works
 * on: {@code pg.url}, or the embedded server that gateway started — its port from {@code
 * postmaster.pid} (4th line), as the application role whose password the server keeps. The command
 * never starts a server itself: an embedded database that is not running is "empty".
 */
final class RunningDatabase {
  private RunningDatabase() {}

  static Optional<PgEndpoint> find(DatabaseConfig database) throws IOException {
    return find(database, DatabaseRoles.APP);
  }

  /**
   * As {@link #find(DatabaseConfig)}, as {@code role}: {@link DatabaseRoles#OWNER} is {@code
   * pg.migration-url} (else {@code pg.url}) on an external server.
   */
  static Optional<PgEndpoint> find(DatabaseConfig database, String role) throws IOException {
    if (database.externalUrl().isPresent()) {
      String url =
          role.equals(DatabaseRoles.OWNER)
              ? database.migrationUrl().orElse(database.externalUrl().get())
              : database.externalUrl().get();
      return Optional.of(DatabaseBootstrap.fromUrl(url));
    }
    var embedded = database.embedded();
    Path root = DataRoot.choose(embedded.dir(), embedded.dirIsDefault(), embedded.osUser());
    if (!Files.exists(root.resolve("data/postmaster.pid"))
        && embedded.dirIsDefault()
        && Files.exists(DataRoot.ROOT_FALLBACK.resolve("data/postmaster.pid"))) {
      root = DataRoot.ROOT_FALLBACK; // where a gateway running as root keeps it
    }
    Path pid = root.resolve("data/postmaster.pid");
    if (!Files.exists(pid)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pid, StandardCharsets.US_ASCII);
    int port = Integer.parseInt(lines.get(3).strip());
    String password =
        Files.readString(EmbeddedPostgres.secretPath(root, role), StandardCharsets.US_ASCII)
            .strip();
    return Optional.of(new PgEndpoint("127.0.0.1", port, database.database(), role, password));
  }
}
