package jp.oqsgateway.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A finished command: its exit code and its output (stdout and stderr together). Each run is logged
 * with its duration on the test's output (target/failsafe-reports/*-output.txt).
 */
record Command(List<String> argv, int exit, String output) {

  /** Runs {@code argv} to its end, or kills it after {@code limit} (reported as exit -1). */
  static Command run(Duration limit, List<String> argv) {
    long started = System.nanoTime();
    Command done = runToEnd(limit, argv);
    System.out.printf(
        "%7d ms  exit %d  %s%n",
        (System.nanoTime() - started) / 1_000_000, done.exit(), String.join(" ", argv));
    return done;
  }

  private static Command runToEnd(Duration limit, List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p));
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        return new Command(argv, -1, "(killed after " + limit + ")");
      }
      return new Command(argv, p.exitValue(), out.join());
    } catch (IOException e) {
      return new Command(argv, -1, "cannot run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Command run(Duration limit, String... argv) {
    return run(limit, List.of(argv));
  }

  private static String readAll(Process p) {
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  boolean ok() {
    return exit == 0;
  }

  /** For assertion messages: what ran and what it said. */
  String describe() {
    return String.join(" ", argv) + " → exit " + exit + "\n" + output;
  }
}
