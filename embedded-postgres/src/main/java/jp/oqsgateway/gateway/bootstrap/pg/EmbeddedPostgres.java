package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.oqsgateway.gateway.bootstrap.pg.OsAccount.Account;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server owned by the gateway process, so that a clinic machine needs nothing but
 * the gateway jar: binaries come from the classpath, the cluster lives under one data root, and the
 * server only listens on 127.0.0.1 and on a socket in that root.
 *
 * <p>The server is a daemon started with {@code pg_ctl}, so it survives a gateway killed with
 * SIGKILL. The lock file tells us that any server still running on our data directory is such an
 * orphan, and the next start stops it instead of failing with "another server might be running".
 *
 * <p>Blocking: call from the main thread before Vert.x starts, never from an event loop. The caller
 * owns the life cycle (no shutdown hook is installed here).
 */
public final class EmbeddedPostgres implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  static final String SUPERUSER = "postgres";
  static final String DATABASE = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private final Path root;
  private final PgCtl ctl;
  private final PgLogs logs;
  private final FileChannel lockChannel;
  private final PgEndpoint endpoint;
  private final boolean initializedThisStart;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedPostgres(
      Path root,
      PgCtl ctl,
      PgLogs logs,
      FileChannel lockChannel,
      PgEndpoint endpoint,
      boolean initializedThisStart) {
    this.root = root;
    this.ctl = ctl;
    this.logs = logs;
    this.lockChannel = lockChannel;
    this.endpoint = endpoint;
    this.initializedThisStart = initializedThisStart;
  }

  /**
   * Prepares the data root (unpacking binaries and running initdb the first time), stops a server
   * orphaned by a killed gateway, and starts PostgreSQL. Returns once it accepts connections.
   *
   * @throws EmbeddedPgException when anything fails; the data root is then unlocked again
   */
  public static EmbeddedPostgres start(EmbeddedPgOptions options) {
    return start(options, PgLogs.Bound.DEFAULT);
  }

  /** As {@link #start(EmbeddedPgOptions)}, keeping the server's own log within {@code logBound}. */
  static EmbeddedPostgres start(EmbeddedPgOptions options, PgLogs.Bound logBound) {
    long started = System.nanoTime();
    Path root = options.root();
    DataRootLock.checkPlainPath(root);
    FileChannel lockChannel = DataRootLock.lock(root);
    PgCtl ctl = null;
    boolean serverStartAttempted = false;
    try {
      Account account = OsAccount.runningAsRoot() ? prepareAccount(options.osUser(), root) : null;
      Path install = PgBinaries.ensureUnpacked(root);
      Path data = root.resolve("data");
      boolean alreadyInitialized = Files.exists(data.resolve("PG_VERSION"));
      String password = PgSecrets.superuserPassword(root, alreadyInitialized);

      Path run = privateDir(root.resolve("run"), account);
      privateDir(root.resolve("log"), account);
      ctl = new PgCtl(root, install.resolve("bin"), data, runAsPrefix(account), options, logBound);
      boolean initialized = false;
      if (!alreadyInitialized) {
        initialize(ctl, account, password);
        initialized = true;
      } else {
        privateDir(data, account);
        ctl.stopOrphan();
      }

      int port = options.port() != 0 ? options.port() : freePort();
      serverStartAttempted = true;
      ctl.start(port, run);

      String osUser = account != null ? account.name() : System.getProperty("user.name");
      LOG.atInfo()
          .addKeyValue("port", port)
          .addKeyValue("initialized", initialized)
          .addKeyValue("startMs", (System.nanoTime() - started) / 1_000_000)
          .addKeyValue("osUser", osUser)
          .log("embedded PostgreSQL ready");
      PgEndpoint endpoint = new PgEndpoint(HOST, port, DATABASE, SUPERUSER, password);
      return new EmbeddedPostgres(
          root,
          ctl,
          PgLogs.keepBounded(ctl.logDir(), logBound),
          lockChannel,
          endpoint,
          initialized);
    } catch (RuntimeException | Error e) {
      if (serverStartAttempted) {
        stopAfterFailedStart(ctl, e);
      }
      DataRootLock.release(lockChannel, e);
      throw e;
    }
  }

  /** Connection details for the superuser; the password is generated once per data root. */
  public PgEndpoint endpoint() {
    return endpoint;
  }

  /** True when this start created the cluster (so the caller knows it is empty). */
  public boolean initializedThisStart() {
    return initializedThisStart;
  }

  public Path root() {
    return root;
  }

  /**
   * The folder of the server's Unix-domain socket ({@code .s.PGSQL.<port>}): private to the
   * PostgreSQL account (mode 0700), so only that account and root can connect through it.
   */
  public Path socketDirectory() {
    return root.resolve("run");
  }

  /** Process id of the running postmaster, from its pid file. */
  public long postmasterPid() {
    return ctl.postmasterPid();
  }

  /** Stops the server (fast shutdown: open sessions are ended) and unlocks the data root. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      ctl.stop();
    } finally {
      logs.close();
      DataRootLock.release(lockChannel, null);
    }
  }

  /**
   * The password of a role of this server, generated on first use and kept in {@code
   * secrets/<role>} (directory 0700, file 0600, owned by the gateway's user).
   */
  public String secret(String role) {
    return PgSecrets.readOrCreate(root, role);
  }

  /** The file {@link #secret} keeps a role's password in. */
  public Path secretFile(String role) {
    return PgSecrets.file(root, role);
  }

  /** Where a server under {@code root} keeps a role's password (nothing is created). */
  public static Path secretPath(Path root, String role) {
    return PgSecrets.path(root, role);
  }

  /** Simulates a gateway killed with SIGKILL: the lock is gone, the server keeps running. */
  void abandonForTest() {
    closed.set(true);
    logs.close();
    DataRootLock.release(lockChannel, null);
  }

  private static Account prepareAccount(String osUser, Path root) {
    Account account = OsAccount.ensureSystemUser(osUser);
    if (account.uid() == 0) {
      throw new EmbeddedPgException(
          "pg.embedded.user " + osUser + " has uid 0; PostgreSQL needs an unprivileged user");
    }
    OsAccount.firstBlockingDirectory(root, account)
        .ifPresent(
            dir -> {
              throw new EmbeddedPgException(
                  dir
                      + " is not searchable by user "
                      + osUser
                      + "; choose another pg.embedded.dir");
            });
    return account;
  }

  private static List<String> runAsPrefix(Account account) {
    return account == null ? List.of() : OsAccount.runAs(account);
  }

  /**
   * Runs initdb into a staging directory that is renamed to data/ only when complete, so an
   * interrupted first start is simply redone and a half-made cluster is never started.
   */
  private static void initialize(PgCtl ctl, Account account, String password) {
    Path root = ctl.root();
    Path data = ctl.data();
    Path staging = root.resolve(".data-initdb");
    Path pwFile = null;
    try {
      if (Files.exists(data)) {
        LOG.warn("{} has no PG_VERSION (interrupted first start): initialising it again", data);
        PgBinaries.deleteRecursively(data);
      }
      if (Files.exists(staging)) {
        PgBinaries.deleteRecursively(staging);
      }
      pwFile = PgSecrets.writePrivateFile(root, ".initdb-pw-", password);
      if (account != null) {
        OsAccount.chownRecursively(pwFile, account);
      }
      privateDir(staging, account);
      if (!ctl.initdb(staging, pwFile, "--locale=C.UTF-8")) {
        LOG.warn("the C.UTF-8 locale is not available here: initialising with --no-locale");
        PgBinaries.deleteRecursively(staging);
        privateDir(staging, account);
        ctl.initdbChecked(staging, pwFile, "--no-locale");
      }
      Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new EmbeddedPgException("cannot prepare " + data + " for initdb: " + e, e);
    } finally {
      PgSecrets.deleteTemporary(pwFile);
    }
  }

  /** A directory only the PostgreSQL account may enter (initdb and postgres insist on it). */
  private static Path privateDir(Path dir, Account account) {
    try {
      Files.createDirectories(dir);
      PgSecrets.setMode(dir, PgSecrets.PRIVATE_DIR);
    } catch (IOException e) {
      throw new EmbeddedPgException("cannot create " + dir + ": " + e, e);
    }
    if (account != null) {
      OsAccount.chownRecursively(dir, account);
    }
    return dir;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedPgException("cannot find a free TCP port on " + HOST + ": " + e, e);
    }
  }

  /** A server that came up after pg_ctl gave up would otherwise be orphaned right away. */
  private static void stopAfterFailedStart(PgCtl ctl, Throwable failure) {
    try {
      if (ctl.isRunning()) {
        ctl.stop();
      }
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgres[root=" + root + ", endpoint=" + endpoint + "]";
  }
}
