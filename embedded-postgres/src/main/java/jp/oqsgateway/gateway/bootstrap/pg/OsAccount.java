package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The operating-system side of running PostgreSQL under its own account.
 *
 * <p>PostgreSQL refuses to run as root, and a gateway started as root (e.g. by an installer or a
 * plain init script) must still get a real privilege drop. We do not use user namespaces ({@code
 * unshare -U}): they are often blocked in containers and are not a privilege drop on the host.
 * Instead the PostgreSQL programs are started through {@code setpriv} as a dedicated system user.
 */
final class OsAccount {

  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
  private static final Path NEUTRAL_DIR = Path.of("/");

  /**
   * A system user as PostgreSQL will run: with {@code setpriv --clear-groups} only the primary
   * group counts, so that is the only group we need to know.
   */
  record Account(String name, long uid, long gid, String groupName) {}

  private OsAccount() {}

  /** Effective uid of this JVM, from /proc so no JDK-internal module is needed. */
  static long currentUid() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      String uidLine =
          lines
              .filter(line -> line.startsWith("Uid:"))
              .findFirst()
              .orElseThrow(() -> new EmbeddedPgException("/proc/self/status has no Uid: line"));
      // Uid: real effective saved filesystem
      return Long.parseLong(uidLine.substring(4).trim().split("\\s+")[1]);
    } catch (IOException e) {
      throw new EmbeddedPgException(
          "cannot read /proc/self/status to find the current user: " + e.getMessage(), e);
    }
  }

  static boolean runningAsRoot() {
    return currentUid() == 0;
  }

  /** Looks the user up, creating it as a login-less system user if it does not exist yet. */
  static Account ensureSystemUser(String name) {
    // The usual start: the user exists, and this first look-up already has its uid.
    ProcessRunner.Result uid =
        ProcessRunner.run(List.of("id", "-u", name), NEUTRAL_DIR, TOOL_TIMEOUT);
    if (uid.exitCode() == 0) {
      return lookUp(name, Long.parseLong(uid.output().strip()));
    }
    ProcessRunner.Result created =
        ProcessRunner.run(
            List.of(
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                "--user-group",
                name),
            NEUTRAL_DIR,
            TOOL_TIMEOUT);
    // Another gateway on the same host may have created it in the meantime: that is fine.
    if (created.exitCode() != 0 && !exists(name)) {
      throw new EmbeddedPgException(
          "could not create system user "
              + name
              + " for PostgreSQL (useradd exit "
              + created.exitCode()
              + "): "
              + ProcessRunner.tail(created.output(), ProcessRunner.TAIL_LINES)
              + "; create it yourself or set another pg.embedded.user");
    }
    return lookUp(name);
  }

  /** Numeric ids and primary group of an existing user. */
  static Account lookUp(String name) {
    return lookUp(name, Long.parseLong(id("-u", name)));
  }

  private static Account lookUp(String name, long uid) {
    long gid = Long.parseLong(id("-g", name));
    return new Account(name, uid, gid, id("-gn", name));
  }

  /**
   * The command prefix that runs a program as {@code account}. Numeric ids, because the user's
   * primary group need not be named like the user when the account already existed.
   */
  static List<String> runAs(Account account) {
    return List.of(
        "setpriv", "--reuid=" + account.uid(), "--regid=" + account.gid(), "--clear-groups", "--");
  }

  /** Whether {@code account} can reach {@code target}: every directory on the way is searchable. */
  static boolean canTraverse(Path target, Account account) {
    return firstBlockingDirectory(target, account).isEmpty();
  }

  /**
   * The first directory from / down to {@code target} (inclusive) that {@code account} may not
   * search, following the kernel's rule: owner bits if it owns the directory, else group bits if
   * the directory's group is its group, else the "other" bits.
   */
  static Optional<Path> firstBlockingDirectory(Path target, Account account) {
    List<Path> chain = new ArrayList<>();
    for (Path p = target.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      chain.add(0, p);
    }
    for (Path dir : chain) {
      PosixFileAttributes attrs;
      try {
        attrs = Files.readAttributes(dir, PosixFileAttributes.class);
      } catch (IOException e) {
        return Optional.of(dir);
      }
      PosixFilePermission needed;
      if (attrs.owner().getName().equals(account.name())) {
        needed = PosixFilePermission.OWNER_EXECUTE;
      } else if (attrs.group().getName().equals(account.groupName())) {
        needed = PosixFilePermission.GROUP_EXECUTE;
      } else {
        needed = PosixFilePermission.OTHERS_EXECUTE;
      }
      if (!attrs.isDirectory() || !attrs.permissions().contains(needed)) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /**
   * Gives {@code dir} and everything below it to {@code account}. Symbolic links are changed
   * themselves and never followed, so a link planted inside the data directory cannot make root
   * hand over an unrelated file.
   */
  static void chownRecursively(Path dir, Account account) {
    UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
    try {
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(dir)) {
        paths = walk.toList();
      }
      UserPrincipal user = null;
      GroupPrincipal group = null;
      for (Path path : paths) {
        // Numeric ids: a file's owner as a name is a user-database look-up per file, which made
        // this walk a quarter of a second of every start on a data directory of 1,000 files.
        Map<String, Object> ids =
            Files.readAttributes(path, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        boolean ownerDiffers = ((Number) ids.get("uid")).longValue() != account.uid();
        boolean groupDiffers = ((Number) ids.get("gid")).longValue() != account.gid();
        if (!ownerDiffers && !groupDiffers) {
          continue;
        }
        if (user == null) {
          user = lookup.lookupPrincipalByName(account.name());
          group = lookup.lookupPrincipalByGroupName(account.groupName());
        }
        PosixFileAttributeView view =
            Files.getFileAttributeView(
                path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (ownerDiffers) {
          view.setOwner(user);
        }
        if (groupDiffers) {
          view.setGroup(group);
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new EmbeddedPgException(
          "could not give " + dir + " to user " + account.name() + ": " + e, e);
    }
  }

  private static boolean exists(String name) {
    return ProcessRunner.run(List.of("id", "-u", name), NEUTRAL_DIR, TOOL_TIMEOUT).exitCode() == 0;
  }

  private static String id(String option, String name) {
    return ProcessRunner.runChecked(List.of("id", option, name), NEUTRAL_DIR, TOOL_TIMEOUT)
        .output()
        .strip();
  }
}
