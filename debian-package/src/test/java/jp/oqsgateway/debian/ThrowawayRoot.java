package jp.oqsgateway.debian;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Debian 12 system to install into and throw away: this machine's own root file system seen
 * through an overlay (every write lands in a temporary upper folder), in a mount namespace of its
 * own, with /proc, /dev and /sys bound in and an empty /run and /tmp. Commands run chrooted into
 * it. It has this machine's installed packages (the JRE, adduser, init-system-helpers) and no
 * running systemd, as in a container or a chroot: maintainer scripts skip systemctl there. Ending
 * the namespace's holder process takes every mount with it. Needs root.
 */
final class ThrowawayRoot implements AutoCloseable {
  private static final Duration LIMIT = Duration.ofMinutes(2);

  private final Path root;
  private final Process holder;

  private ThrowawayRoot(Path root, Process holder) {
    this.root = root;
    this.holder = holder;
  }

  /** Mounts the overlay under {@code work} (empty, on a file system that supports overlays). */
  static ThrowawayRoot overlayOfThisSystem(Path work) throws IOException {
    Path upper = Files.createDirectories(work.resolve("upper"));
    Path scratch = Files.createDirectories(work.resolve("work"));
    Path root = Files.createDirectories(work.resolve("root"));
    Process holder =
        new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sleep", "900")
            .redirectErrorStream(true)
            .start();
    Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                !holder.isAlive()
                    || !own.equals(
                        Files.readSymbolicLink(Path.of("/proc/" + holder.pid() + "/ns/mnt"))));
    ThrowawayRoot r = new ThrowawayRoot(root, holder);
    String mounts =
        String.join(
            " && ",
            "mount -t overlay overlay -o lowerdir=/,upperdir="
                + upper
                + ",workdir="
                + scratch
                + " "
                + root,
            "mount --rbind /proc " + root + "/proc",
            "mount --rbind /dev " + root + "/dev",
            "mount --rbind /sys " + root + "/sys",
            "mount -t tmpfs -o mode=0755 tmpfs " + root + "/run",
            "mount -t tmpfs -o mode=1777 tmpfs " + root + "/tmp");
    Command mounted = Command.run(LIMIT, r.inNamespace("sh", "-c", mounts));
    if (!mounted.ok()) {
      r.close();
      throw new IllegalStateException("cannot make the throwaway root: " + mounted.describe());
    }
    return r;
  }

  /** Copies a file of this machine to {@code target}, a path inside the root. */
  void copyIn(Path file, String target) {
    Command c = Command.run(LIMIT, inNamespace("cp", file.toString(), root + target));
    if (!c.ok()) {
      throw new IllegalStateException(c.describe());
    }
  }

  /** Runs a command inside the root as root, to its end. */
  Command run(String... argv) {
    return Command.run(LIMIT, chrooted(null, List.of(argv)));
  }

  /** A command line that runs {@code argv} inside the root, as {@code user} (null: root). */
  List<String> chrooted(String user, List<String> argv) {
    List<String> line = new ArrayList<>();
    line.add("chroot");
    if (user != null) {
      line.add("--userspec=" + user + ":" + user);
    }
    line.add(root.toString());
    line.addAll(argv);
    return inNamespace(line.toArray(String[]::new));
  }

  /** The file at {@code path} inside the root, as this machine reaches it (through /proc). */
  Path file(String path) {
    return Path.of("/proc/" + holder.pid() + "/root" + root + path);
  }

  private List<String> inNamespace(String... argv) {
    List<String> line =
        new ArrayList<>(List.of("nsenter", "--target", "" + holder.pid(), "--mount", "--"));
    line.addAll(List.of(argv));
    return line;
  }

  @Override
  public void close() {
    holder.destroyForcibly();
    try {
      holder.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
