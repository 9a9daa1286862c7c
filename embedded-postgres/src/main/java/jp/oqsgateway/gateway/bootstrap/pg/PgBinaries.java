package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks the PostgreSQL binaries that ship inside the gateway jar (the zonky binaries artifact),
 * so a fresh machine needs no package installation and nothing is ever downloaded at run time.
 *
 * <p>Unpacking takes over a second, so it happens once per version: into a temporary directory that
 * is renamed into place only when complete, so a crash mid-way never leaves a half-unpacked
 * directory that would later be mistaken for a good one.
 */
public final class PgBinaries {

  /** Version of the bundled binaries; keep in step with postgres-binaries.version in the pom. */
  public static final String VERSION = "17.7.0";

  static final String RESOURCE = "/postgres-linux-x86_64.txz";

  private static final Logger LOG = LoggerFactory.getLogger(PgBinaries.class);
  private static final String UNPACK_PREFIX = ".pg-unpack-";
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private PgBinaries() {}

  /**
   * Returns the installation directory ({@code root/pg-VERSION}, containing {@code bin/}),
   * unpacking it first if needed. The caller must hold the data root's lock: leftovers of an
   * interrupted unpack are deleted here.
   */
  public static Path ensureUnpacked(Path root) {
    Path target = root.resolve("pg-" + VERSION);
    if (Files.isRegularFile(target.resolve("bin/postgres"))) {
      return target;
    }
    try {
      deleteStaleUnpackDirs(root);
      Path staging = root.resolve(UNPACK_PREFIX + UUID.randomUUID());
      Files.createDirectory(staging);
      try {
        try (InputStream in = PgBinaries.class.getResourceAsStream(RESOURCE)) {
          if (in == null) {
            throw new EmbeddedPgException(
                "PostgreSQL binaries "
                    + RESOURCE
                    + " are not on the classpath; the gateway jar is incomplete, rebuild it");
          }
          extract(in, staging);
        }
        // createDirectory honours the umask; the PostgreSQL user must be able to enter it.
        Files.setPosixFilePermissions(staging, DIR_MODE);
        if (Files.exists(target)) {
          // An old attempt without bin/postgres, not produced by this code: replace it.
          deleteRecursively(target);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        if (Files.exists(staging)) {
          deleteRecursively(staging);
        }
      }
      LOG.atInfo()
          .addKeyValue("version", VERSION)
          .addKeyValue("dir", target)
          .log("unpacked PostgreSQL binaries");
      return target;
    } catch (IOException e) {
      throw new EmbeddedPgException(
          "could not unpack the PostgreSQL binaries into " + target + ": " + e, e);
    }
  }

  /**
   * Extracts a tar.xz stream below {@code target}, keeping modes and symbolic links (the shared
   * libraries are reached through links). Entries that would land outside {@code target}, links
   * pointing outside it, and writes through an already extracted link are refused, so a tampered
   * archive cannot touch other files.
   */
  static void extract(InputStream txz, Path target) throws IOException {
    Path base = target.toAbsolutePath().normalize();
    Path realBase = base.toRealPath();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        Path dest = base.resolve(name).normalize();
        requireInside(base, dest, name);
        if (dest.equals(base)) {
          continue; // "./": the target itself
        }
        createDirectories(base, dest.getParent());
        requireNoLinkOnTheWay(base, realBase, dest.getParent(), name);
        if (Files.isSymbolicLink(dest)) {
          throw new IOException("archive entry would write through a symbolic link: " + name);
        }
        if (entry.isDirectory()) {
          createDirectories(base, dest);
          Files.setPosixFilePermissions(dest, modeOf(entry));
        } else if (entry.isSymbolicLink()) {
          Path link = Path.of(entry.getLinkName());
          requireInside(base, dest.getParent().resolve(link).normalize(), name);
          Files.createSymbolicLink(dest, link);
        } else if (isRegularFile(entry)) {
          Files.copy(tar, dest);
          Files.setPosixFilePermissions(dest, modeOf(entry));
        } else {
          throw new IOException("unsupported entry type in PostgreSQL archive: " + name);
        }
      }
    }
  }

  /** Hard links and device nodes would need more care; the bundled archive has none. */
  private static boolean isRegularFile(TarArchiveEntry entry) {
    byte type = entry.getLinkFlag();
    return type == TarArchiveEntry.LF_NORMAL || type == TarArchiveEntry.LF_OLDNORM;
  }

  private static void requireInside(Path base, Path resolved, String name) throws IOException {
    if (!resolved.startsWith(base)) {
      throw new IOException("archive entry escapes the target directory: " + name);
    }
  }

  private static void requireNoLinkOnTheWay(Path base, Path realBase, Path dir, String name)
      throws IOException {
    if (!dir.toRealPath().equals(realBase.resolve(base.relativize(dir)).normalize())) {
      throw new IOException("archive entry would write through a symbolic link: " + name);
    }
  }

  /** Creates missing directories with a fixed mode, independent of the process umask. */
  private static void createDirectories(Path base, Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (!dir.equals(base)) {
      createDirectories(base, dir.getParent());
    }
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
    Files.setPosixFilePermissions(dir, DIR_MODE);
  }

  private static Set<PosixFilePermission> modeOf(TarArchiveEntry entry) {
    int mode = entry.getMode() & 0777;
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        perms.add(bits[i]);
      }
    }
    return perms;
  }

  private static void deleteStaleUnpackDirs(Path root) throws IOException {
    try (Stream<Path> children = Files.list(root)) {
      for (Path child : children.toList()) {
        if (child.getFileName().toString().startsWith(UNPACK_PREFIX)) {
          LOG.info("removing an interrupted unpack of the PostgreSQL binaries: {}", child);
          deleteRecursively(child);
        }
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
