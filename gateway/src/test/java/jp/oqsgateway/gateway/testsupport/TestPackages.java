package jp.oqsgateway.gateway.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * The Debian tools some tests run (chromium, promtool): installed when missing, as {@code
 * ./ops/test} does, by ops/lib/install-packages from ops/packages/test.txt (as root or with sudo).
 * A test is skipped, naming the command to run, only where installing is impossible (not root, no
 * sudo); a failed install fails it.
 */
public final class TestPackages {
  private TestPackages() {}

  /**
   * Returns when every one of {@code tools} is executable, after installing the test packages if
   * needed; {@code packages} names what to install by hand.
   */
  public static synchronized void require(String packages, List<Path> tools) {
    if (installed(tools)) {
      return;
    }
    Path repo = Path.of(System.getProperty("oqsgw.repoRoot", "..")).toAbsolutePath().normalize();
    Path installer = repo.resolve("ops/lib/install-packages");
    Path list = repo.resolve("ops/packages/test.txt");
    String output;
    int exit;
    try {
      Process p =
          new ProcessBuilder(installer.toString(), list.toString())
              .redirectErrorStream(true)
              .start();
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      exit = p.waitFor(10, TimeUnit.MINUTES) ? p.exitValue() : -1;
    } catch (IOException e) {
      output = e.getMessage();
      exit = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (exit == 0 && installed(tools)) {
      return;
    }
    if (!isRoot()) {
      throw new TestAbortedException(
          tools
              + " not installed and this user cannot install them (not root, no sudo): run"
              + " ./ops/test as root, or apt-get install "
              + packages
              + ". "
              + output.strip());
    }
    throw new AssertionError(
        tools
            + " missing and installing "
            + list
            + " failed (exit "
            + exit
            + "): "
            + output.strip());
  }

  private static boolean installed(List<Path> tools) {
    return tools.stream().allMatch(Files::isExecutable);
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
