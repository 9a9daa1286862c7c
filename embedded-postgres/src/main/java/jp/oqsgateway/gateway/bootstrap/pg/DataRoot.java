package jp.oqsgateway.gateway.bootstrap.pg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the embedded server's data root. As root, PostgreSQL runs as an unprivileged system user
 * that must be able to reach its directory: a checkout under {@code /root} (mode 700) is not
 * reachable. When nobody configured the directory, the gateway then uses the conventional place for
 * a root service's state, {@link #ROOT_FALLBACK}, and says so; a configured directory is never
 * silently replaced: the start fails with the blocking directory named.
 */
public final class DataRoot {
  public static final Path ROOT_FALLBACK = Path.of("/var/lib/oqs-gateway/pg");
  private static final Logger LOG = LoggerFactory.getLogger(DataRoot.class);

  private DataRoot() {}

  public static Path choose(Path wanted, boolean isDefault, String osUser) {
    if (!OsAccount.runningAsRoot()) {
      return wanted;
    }
    OsAccount.Account account = OsAccount.ensureSystemUser(osUser);
    Optional<Path> blocking = OsAccount.firstBlockingDirectory(deepestExisting(wanted), account);
    if (blocking.isEmpty()) {
      return wanted;
    }
    if (!isDefault) {
      throw new EmbeddedPgException(
          blocking.get()
              + " is not searchable by user "
              + osUser
              + ", who runs PostgreSQL; choose another pg.embedded.dir (e.g. "
              + ROOT_FALLBACK
              + ")");
    }
    LOG.atInfo()
        .addKeyValue("dir", ROOT_FALLBACK)
        .addKeyValue("osUser", osUser)
        .addKeyValue("reason", blocking.get() + " is not searchable by " + osUser)
        .log("running as root: using the system data directory for the embedded database");
    return ROOT_FALLBACK;
  }

  private static Path deepestExisting(Path p) {
    Path current = p.toAbsolutePath().normalize();
    while (current != null && !Files.exists(current)) {
      current = current.getParent();
    }
    return current == null ? Path.of("/") : current;
  }
}
