package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;

/**
 * The passwords of the embedded server's roles: one file per role under {@code <root>/secrets/}
 * (directory 0700, files 0600, owned by the gateway's user), generated on first use.
 */
final class PgSecrets {
  static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

  private PgSecrets() {}

  /**
   * The superuser's password lives outside data/, in secrets/ (0700, files 0600) that only the
   * gateway's own user may enter, so the PostgreSQL account cannot read it and it survives a
   * re-initialised cluster. A data root made before secrets/ existed kept it in {@code password}
   * beside data/: it is moved.
   */
  static String superuserPassword(Path root, boolean clusterExists) {
    Path file = file(root, EmbeddedPostgres.SUPERUSER);
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
    return readOrCreate(root, EmbeddedPostgres.SUPERUSER);
  }

  /** Where a server under {@code root} keeps a role's password (nothing is created). */
  static Path path(Path root, String role) {
    if (!role.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain role name: " + role);
    }
    return root.resolve("secrets").resolve(role);
  }

  static Path file(Path root, String role) {
    Path file = path(root, role);
    Path dir = file.getParent();
    try {
      Files.createDirectories(dir);
      setMode(dir, PRIVATE_DIR);
    } catch (IOException e) {
      throw new EmbeddedPgException("cannot create " + dir + ": " + e, e);
    }
    return file;
  }

  static String readOrCreate(Path root, String role) {
    Path file = file(root, role);
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

  static Path writePrivateFile(Path dir, String prefix, String content) throws IOException {
    Path file =
        Files.createTempFile(dir, prefix, "", PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
    Files.writeString(file, content + "\n", StandardCharsets.US_ASCII);
    return file;
  }

  static void deleteTemporary(Path file) {
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

  static void setMode(Path path, Set<PosixFilePermission> mode) throws IOException {
    if (!Files.getPosixFilePermissions(path).equals(mode)) {
      Files.setPosixFilePermissions(path, mode);
    }
  }
}
