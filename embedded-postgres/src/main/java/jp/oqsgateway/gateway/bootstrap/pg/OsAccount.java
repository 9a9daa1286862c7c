package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
  private static final Path PASSWD = Path.of("/etc/passwd");
  // The search (x) bits of a directory's mode.
  private static final int OWNER_SEARCH = 0100;
  private static final int GROUP_SEARCH = 0010;
  private static final int OTHERS_SEARCH = 0001;

  /**
   * A system user as PostgreSQL will run: with {@code setpriv --clear-groups} only the primary
   * group counts, so that is the only group we need to know. Files and folders are compared and
   * given by numeric ids: a name is a user-database look-up each time.
   */
  record Account(String name, long uid, long gid) {}

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
    // The usual start: the user exists, and one look-up gives its ids.
    Optional<Account> existing = find(name);
    if (existing.isPresent()) {
      return existing.get();
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
    return find(name)
        .orElseThrow(
            () ->
                new EmbeddedPgException(
                    "could not create system user "
                        + name
                        + " for PostgreSQL (useradd exit "
                        + created.exitCode()
                        + "): "
                        + ProcessRunner.tail(created.output(), ProcessRunner.TAIL_LINES)
                        + "; create it yourself or set another pg.embedded.user"));
  }

  static Account lookUp(String name) {
    return find(name)
        .orElseThrow(() -> new EmbeddedPgException("no system user " + name + " (getent passwd)"));
  }

  /**
   * The user's entry in the user database ({@code name:password:uid:gid:gecos:home:shell}): from
   * {@code /etc/passwd}, where {@code useradd --system} puts it, else as {@code getent passwd}
   * gives it (a directory service). Empty when there is no such user (exit 2). A process costs a
   * cold JVM tens of milliseconds, and this look-up runs before PostgreSQL can start.
   */
  private static Optional<Account> find(String name) {
    Optional<Account> local = entry(PASSWD, name);
    if (local.isPresent()) {
      return local;
    }
    ProcessRunner.Result entry =
        ProcessRunner.run(List.of("getent", "passwd", name), NEUTRAL_DIR, TOOL_TIMEOUT);
    if (entry.exitCode() == 2) {
      return Optional.empty();
    }
    String[] fields = entry.output().strip().split(":", -1);
    if (entry.exitCode() != 0 || !isEntryOf(fields, name)) {
      throw new EmbeddedPgException(
          "cannot look up system user "
              + name
              + " (getent passwd exit "
              + entry.exitCode()
              + "): "
              + ProcessRunner.tail(entry.output(), ProcessRunner.TAIL_LINES));
    }
    return Optional.of(account(fields));
  }

  /** The entry for {@code name} in a passwd file, if it has one that reads as an entry. */
  static Optional<Account> entry(Path passwd, String name) {
    try (Stream<String> lines = Files.lines(passwd, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> line.startsWith(name + ":"))
          .map(line -> line.split(":", -1))
          .filter(fields -> isEntryOf(fields, name))
          .findFirst()
          .map(OsAccount::account);
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static boolean isEntryOf(String[] fields, String name) {
    return fields.length >= 7
        && fields[0].equals(name)
        && fields[2].matches("\\d{1,10}")
        && fields[3].matches("\\d{1,10}");
  }

  private static Account account(String[] fields) {
    return new Account(fields[0], Long.parseLong(fields[2]), Long.parseLong(fields[3]));
  }

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
      Map<String, Object> attrs;
      try {
        attrs = Files.readAttributes(dir, "unix:uid,gid,mode,isDirectory");
      } catch (IOException e) {
        return Optional.of(dir);
      }
      int searchBit;
      if (id(attrs, "uid") == account.uid()) {
        searchBit = OWNER_SEARCH;
      } else if (id(attrs, "gid") == account.gid()) {
        searchBit = GROUP_SEARCH;
      } else {
        searchBit = OTHERS_SEARCH;
      }
      if (!(Boolean) attrs.get("isDirectory") || ((Integer) attrs.get("mode") & searchBit) == 0) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /**
   * Gives {@code dir} and everything below it to {@code account}. Symbolic links are changed
   * themselves and never followed, so a link planted inside the data directory cannot make root
   * hand over an unrelated file.
   *
   * <p>A folder is given after everything in it, so one that already belongs to the account was
   * given whole (by a walk that finished, or by PostgreSQL, which creates its files as the account)
   * and is left as it is: walking the thousand files of a data directory took every start some 60
   * ms before PostgreSQL could start. A file put in by hand as another user is then PostgreSQL's to
   * report ("permission denied", naming it).
   */
  static void chownRecursively(Path dir, Account account) {
    try {
      if (ownedBy(dir, account)) {
        return;
      }
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(dir)) {
        paths = new ArrayList<>(walk.toList());
      }
      Collections.reverse(paths); // a folder after what it holds
      for (Path path : paths) {
        // Numeric ids: a file's owner as a name is a user-database look-up per file.
        Map<String, Object> ids =
            Files.readAttributes(path, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        if (id(ids, "uid") != account.uid()) {
          Files.setAttribute(path, "unix:uid", (int) account.uid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (id(ids, "gid") != account.gid()) {
          Files.setAttribute(path, "unix:gid", (int) account.gid(), LinkOption.NOFOLLOW_LINKS);
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new EmbeddedPgException(
          "could not give " + dir + " to user " + account.name() + ": " + e, e);
    }
  }

  private static boolean ownedBy(Path path, Account account) throws IOException {
    Map<String, Object> ids = Files.readAttributes(path, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
    return id(ids, "uid") == account.uid() && id(ids, "gid") == account.gid();
  }

  private static long id(Map<String, Object> attributes, String which) {
    return ((Number) attributes.get(which)).longValue();
  }
}
