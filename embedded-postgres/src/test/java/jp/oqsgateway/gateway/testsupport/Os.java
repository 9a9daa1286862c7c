package jp.oqsgateway.gateway.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/** Small facts about processes and users, read from /proc. */
public final class Os {
  private Os() {}

  public static long uidOf(long pid) {
    try {
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      String line = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
      return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
    } catch (IOException e) {
      throw new IllegalStateException("no process " + pid, e);
    }
  }

  public static boolean runningAsRoot() {
    return uidOf(ProcessHandle.current().pid()) == 0;
  }

  /** Alive and not a zombie: a dead process whose parent has not reaped it yet counts as gone. */
  public static boolean isAlive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until the process is gone; false if it is still alive after the limit. */
  public static boolean awaitGone(long pid, Duration limit) {
    try {
      await()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .atMost(limit)
          .until(() -> !isAlive(pid));
      return true;
    } catch (ConditionTimeoutException stillAlive) {
      return false;
    }
  }

  /** The postmaster's pid from its data directory, if a server is recorded as running. */
  public static Optional<Long> postmasterPid(Path pgRoot) {
    Path pidFile = pgRoot.resolve("data/postmaster.pid");
    try {
      return Files.exists(pidFile)
          ? Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()))
          : Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
