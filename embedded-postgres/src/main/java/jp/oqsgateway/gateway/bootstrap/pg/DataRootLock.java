package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data root's lock file: one gateway per data root, and a root whose path PostgreSQL can take
 * as it is (plain characters, short enough for the Unix socket).
 */
final class DataRootLock {
  private static final Set<PosixFilePermission> PUBLIC_DIR =
      PosixFilePermissions.fromString("rwxr-xr-x");

  /** Linux sun_path is 108 bytes including the terminating NUL. */
  private static final int MAX_SOCKET_PATH = 107;

  /** Paths go through pg_ctl's shell and PostgreSQL's list syntax unquoted: keep them plain. */
  private static final String PLAIN_PATH = "[A-Za-z0-9._/+@-]+";

  private DataRootLock() {}

  static void checkPlainPath(Path root) {
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
  static FileChannel lock(Path root) {
    Path lockFile = root.resolve("gateway.lock");
    FileChannel channel;
    try {
      Files.createDirectories(root);
      PgSecrets.setMode(root, PUBLIC_DIR);
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
      release(channel, e);
      throw new EmbeddedPgException("cannot lock " + lockFile + ": " + e, e);
    }
    if (lock == null) {
      EmbeddedPgException inUse = inUse(root, lockFile);
      release(channel, inUse);
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
      release(channel, e);
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

  static void release(FileChannel channel, Throwable failure) {
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
}
