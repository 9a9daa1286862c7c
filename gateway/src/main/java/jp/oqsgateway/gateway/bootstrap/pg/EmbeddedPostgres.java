package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.oqsgateway.gateway.bootstrap.pg.OsAccount.Account;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
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
  private static final Set<PosixFilePermission> PRIVATE_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> PUBLIC_DIR =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> PRIVATE_FILE =
      PosixFilePermissions.fromString("rw-------");

  /** Linux sun_path is 108 bytes including the terminating NUL. */
  private static final int MAX_SOCKET_PATH = 107;

  /** Paths go through pg_ctl's shell and PostgreSQL's list syntax unquoted: keep them plain. */
  private static final String PLAIN_PATH = "[A-Za-z0-9._/+@-]+";

  private final Path root;
  private final PgCtl ctl;
  private final FileChannel lockChannel;
  private final PgEndpoint endpoint;
  private final boolean initializedThisStart;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedPostgres(
      Path root,
      PgCtl ctl,
      FileChannel lockChannel,
      PgEndpoint endpoint,
      boolean initializedThisStart) {
    this.root = root;
    this.ctl = ctl;
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
    long started = System.nanoTime();
    Path root = options.root();
    checkPlainPath(root);
    FileChannel lockChannel = lock(root);
    PgCtl ctl = null;
    boolean serverStartAttempted = false;
    try {
      Account account = OsAccount.runningAsRoot() ? prepareAccount(options.osUser(), root) : null;
      Path install = PgBinaries.ensureUnpacked(root);
      Path data = root.resolve("data");
      boolean alreadyInitialized = Files.exists(data.resolve("PG_VERSION"));
      String password = readOrCreatePassword(root, alreadyInitialized);

      Path run = privateDir(root.resolve("run"), account);
      privateDir(root.resolve("log"), account);
      ctl = new PgCtl(root, install.resolve("bin"), data, runAsPrefix(account), options);
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
      return new EmbeddedPostgres(root, ctl, lockChannel, endpoint, initialized);
    } catch (RuntimeException | Error e) {
      if (serverStartAttempted) {
        stopAfterFailedStart(ctl, e);
      }
      closeLock(lockChannel, e);
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
      closeLock(lockChannel, null);
    }
  }

  /** Simulates a gateway killed with SIGKILL: the lock is gone, the server keeps running. */
  void abandonForTest() {
    closed.set(true);
    closeLock(lockChannel, null);
  }

  private static void checkPlainPath(Path root) {
    if (!root.toString().matches(PLAIN_PATH)) {
      throw new EmbeddedPgException(
          "pg.embedded.dir "
              + root
              + " contains characters that cannot be passed to PostgreSQL safely; use only"
              + " letters, digits and . _ - + @ /");
    }
    int socketPath = root.resolve("run/.s.PGSQL.65535").toString().length();
    if (socketPath > MAX_SOCKET_PATH) {
      throw new EmbeddedPgException(
          "pg.embedded.dir "
              + root
              + " is too long for a Unix socket path ("
              + socketPath
              + " > "
              + MAX_SOCKET_PATH
              + " bytes); choose a shorter pg.embedded.dir");
    }
  }

  /**
   * Ensures only one gateway uses a data root: two would fight over the same server. The lock dies
   * with the process, however it ends, which is what makes orphan detection safe.
   */
  private static FileChannel lock(Path root) {
    Path lockFile = root.resolve("gateway.lock");
    FileChannel channel;
    try {
      Files.createDirectories(root);
      setMode(root, PUBLIC_DIR);
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new EmbeddedPgException(
          "cannot create the PostgreSQL data root " + root + ": " + e + "; check pg.embedded.dir",
          e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another launcher in this JVM: the same situation
    } catch (IOException e) {
      closeLock(channel, e);
      throw new EmbeddedPgException("cannot lock " + lockFile + ": " + e, e);
    }
    if (lock == null) {
      EmbeddedPgException inUse = inUse(root, lockFile);
      closeLock(channel, inUse);
      throw inUse;
    }
    try {
      // For the "in use" message of the next launcher; the lock, not this content, is the truth.
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      return channel;
    } catch (IOException e) {
      closeLock(channel, e);
      throw new EmbeddedPgException("cannot write " + lockFile + ": " + e, e);
    }
  }

  private static EmbeddedPgException inUse(Path root, Path lockFile) {
    String holder;
    try {
      holder = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      holder = "unknown: " + e;
    }
    return new EmbeddedPgException(
        "PostgreSQL data directory "
            + root
            + " is in use by another gateway process (pid "
            + (holder.isEmpty() ? "unknown" : holder)
            + "); stop it or choose another pg.embedded.dir");
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
   * The superuser's password lives outside data/, in secrets/ (0700, files 0600) that only the
   * gateway's own user may enter, so the PostgreSQL account cannot read it and it survives a
   * re-initialised cluster. A data root made before secrets/ existed kept it in {@code password}
   * beside data/: it is moved.
   */
  private static String readOrCreatePassword(Path root, boolean clusterExists) {
    Path file = secretFile(root, SUPERUSER);
    Path legacy = root.resolve("password");
    try {
      if (!Files.exists(file) && Files.exists(legacy)) {
        Files.move(legacy, file, StandardCopyOption.ATOMIC_MOVE);
      }
      if (!Files.exists(file) && clusterExists) {
        throw new EmbeddedPgException(
            file
                + " is missing but the cluster in "
                + root.resolve("data")
                + " was created with it; restore the file from a backup, or move data/ away"
                + " to start with an empty database");
      }
    } catch (IOException e) {
      throw new EmbeddedPgException("cannot move " + legacy + " to " + file + ": " + e, e);
    }
    return readOrCreateSecret(root, SUPERUSER);
  }

  /**
   * The password of a role of this server, generated on first use and kept in {@code
   * secrets/<role>} (directory 0700, file 0600, owned by the gateway's user).
   */
  public String secret(String role) {
    return readOrCreateSecret(root, role);
  }

  /** The file {@link #secret} keeps a role's password in. */
  public Path secretFile(String role) {
    return secretFile(root, role);
  }

  /** Where a server under {@code root} keeps a role's password (nothing is created). */
  public static Path secretPath(Path root, String role) {
    if (!role.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain role name: " + role);
    }
    return root.resolve("secrets").resolve(role);
  }

  private static Path secretFile(Path root, String role) {
    Path file = secretPath(root, role);
    Path dir = file.getParent();
    try {
      Files.createDirectories(dir);
      setMode(dir, PRIVATE_DIR);
    } catch (IOException e) {
      throw new EmbeddedPgException("cannot create " + dir + ": " + e, e);
    }
    return file;
  }

  private static String readOrCreateSecret(Path root, String role) {
    Path file = secretFile(root, role);
    try {
      if (Files.exists(file)) {
        OwnerOnlyFiles.narrowFile(file);
        String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (password.isEmpty()) {
          throw new EmbeddedPgException(file + " is empty; restore it from a backup");
        }
        return password;
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path tmp = writePrivateFile(file.getParent(), ".password-", password);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return password;
    } catch (IOException e) {
      throw new EmbeddedPgException("cannot read or create " + file + ": " + e, e);
    }
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
      pwFile = writePrivateFile(root, ".initdb-pw-", password);
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
      deleteSecret(pwFile);
    }
  }

  private static Path writePrivateFile(Path dir, String prefix, String content) throws IOException {
    Path file =
        Files.createTempFile(dir, prefix, "", PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
    Files.writeString(file, content + "\n", StandardCharsets.US_ASCII);
    return file;
  }

  private static void deleteSecret(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new EmbeddedPgException(
          "cannot delete the temporary password file " + file + ": " + e + "; delete it by hand",
          e);
    }
  }

  /** A directory only the PostgreSQL account may enter (initdb and postgres insist on it). */
  private static Path privateDir(Path dir, Account account) {
    try {
      Files.createDirectories(dir);
      setMode(dir, PRIVATE_DIR);
    } catch (IOException e) {
      throw new EmbeddedPgException("cannot create " + dir + ": " + e, e);
    }
    if (account != null) {
      OsAccount.chownRecursively(dir, account);
    }
    return dir;
  }

  private static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (!Files.getPosixFilePermissions(path).equals(mode)) {
      Files.setPosixFilePermissions(path, mode);
    }
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

  private static void closeLock(FileChannel channel, Throwable failure) {
    try {
      channel.close(); // also releases the lock
    } catch (IOException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        throw new EmbeddedPgException("cannot release the data root lock: " + e, e);
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgres[root=" + root + ", endpoint=" + endpoint + "]";
  }
}
