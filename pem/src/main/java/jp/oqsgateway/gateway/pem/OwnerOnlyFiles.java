package jp.oqsgateway.gateway.pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folders and files that hold keys or secrets: folders {@code 0700}, files {@code 0600}, created
 * with those permissions (never created wider and narrowed afterwards, which would leave a moment
 * in which another user could open them). An existing folder or file that is wider is narrowed,
 * with one warning line naming it; one that cannot be narrowed (another owner) is refused.
 *
 * <p>On a file system without POSIX permissions the folder's own protection applies.
 */
public final class OwnerOnlyFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);

  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code dir} (its missing parents with the usual permissions) as {@code 0700}, or
   * narrows an existing one.
   */
  public static Path directory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (posix(parent)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
      } else {
        Files.createDirectory(dir);
      }
      return dir;
    }
    narrow(dir, DIR);
    return dir;
  }

  /**
   * Writes {@code text} to {@code target} atomically: a {@code 0600} temporary file in the same
   * folder, forced to disk, renamed over the target.
   */
  public static void write(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    FileAttribute<?>[] attrs =
        posix(dir)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, ".new-", ".tmp", attrs);
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Narrows an existing secret file to {@code 0600} (nothing when it is already). */
  public static void narrowFile(Path file) throws IOException {
    narrow(file, FILE);
  }

  private static void narrow(Path path, Set<PosixFilePermission> wanted) throws IOException {
    if (!posix(path)) {
      return;
    }
    // A keys folder the operator made a symbolic link is judged (and narrowed) by its target.
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
    if (perms.equals(wanted)) {
      return;
    }
    boolean wider = perms.stream().anyMatch(p -> !wanted.contains(p));
    if (!wider) {
      return;
    }
    try {
      Files.setPosixFilePermissions(path, wanted);
    } catch (IOException e) {
      throw new IOException(
          path
              + " is readable by other users (mode "
              + PosixFilePermissions.toString(perms)
              + ") and cannot be narrowed to "
              + PosixFilePermissions.toString(wanted)
              + " by this user; fix its owner or mode",
          e);
    }
    LOG.atWarn()
        .addKeyValue("file", path)
        .log(
            "narrowed a key or secret from mode {} to {}",
            PosixFilePermissions.toString(perms),
            PosixFilePermissions.toString(wanted));
  }

  private static boolean posix(Path path) {
    Path p = path == null ? Path.of("") : path;
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
