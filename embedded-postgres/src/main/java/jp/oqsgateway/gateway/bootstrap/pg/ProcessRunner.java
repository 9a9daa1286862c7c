package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the short-lived helper programs (id, useradd, initdb, pg_ctl) and turns failures into
 * messages an operator can act on.
 *
 * <p>Output goes to a private temporary file rather than a pipe: {@code pg_ctl start} leaves a
 * daemon behind, and any daemon that inherited a pipe would keep it open, so reading a pipe to EOF
 * could hang long after pg_ctl has exited. With a file the calling thread simply waits for the
 * process with a deadline and then reads what it wrote.
 */
final class ProcessRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);

  /** Lines of output quoted in error messages: enough for the cause, short enough for a log. */
  static final int TAIL_LINES = 20;

  /**
   * Variables the helpers legitimately need. Everything else is dropped: PG* variables would
   * redirect initdb/pg_ctl, and the postmaster outlives the call under another user, who could read
   * its environment, so the gateway's own secrets must not be inherited.
   */
  private static final List<String> KEPT_ENV = List.of("PATH", "TZ", "LANG", "LANGUAGE", "TMPDIR");

  record Result(int exitCode, String output) {}

  private ProcessRunner() {}

  /** Runs {@code command} in {@code workDir}, killing it and throwing if it exceeds timeout. */
  static Result run(List<String> command, Path workDir, Duration timeout) {
    return runUntil(command, workDir, timeout, timeout, () -> false).orElseThrow();
  }

  /**
   * As {@link #run}, but returns empty as soon as {@code done} holds, asked every {@code every}
   * while the program runs: the program then finishes on its own, its output discarded.
   */
  static Optional<Result> runUntil(
      List<String> command, Path workDir, Duration timeout, Duration every, BooleanSupplier done) {
    Path out = null;
    boolean detached = false;
    try {
      out =
          Files.createTempFile(
              "oqsgw-proc-",
              ".out",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      restrictEnvironment(builder.environment());
      Process process = startProcess(builder, command);
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean finished = false;
      while (!finished && System.nanoTime() < deadline) {
        finished =
            waitFor(
                process,
                Duration.ofNanos(Math.min(every.toNanos(), deadline - System.nanoTime())),
                command);
        if (!finished && done.getAsBoolean()) {
          Path output = out;
          process.onExit().thenRun(() -> deleteQuietly(output));
          detached = true;
          return Optional.empty();
        }
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      if (!finished) {
        // Only the program itself: a postmaster that pg_ctl already launched is then stopped
        // cleanly by the caller instead of being killed mid-start.
        process.destroyForcibly();
        throw new EmbeddedPgException(
            programName(command)
                + " did not finish within "
                + timeout.toSeconds()
                + " s and was killed: "
                + tail(output, TAIL_LINES));
      }
      return Optional.of(new Result(process.exitValue(), output));
    } catch (IOException e) {
      throw new EmbeddedPgException(
          "could not capture the output of " + programName(command) + ": " + e.getMessage(), e);
    } finally {
      if (!detached) {
        deleteQuietly(out);
      }
    }
  }

  /** As {@link #run} but a non-zero exit becomes an exception quoting the last output lines. */
  static Result runChecked(List<String> command, Path workDir, Duration timeout) {
    Result result = run(command, workDir, timeout);
    if (result.exitCode() != 0) {
      throw new EmbeddedPgException(
          programName(command)
              + " failed (exit "
              + result.exitCode()
              + "): "
              + tail(result.output(), TAIL_LINES));
    }
    return result;
  }

  /** The last {@code lines} lines of {@code text}, trimmed, for quoting in a message. */
  static String tail(String text, int lines) {
    List<String> all = text.strip().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /**
   * The program a human would name: for {@code setpriv ... -- initdb ...} that is initdb, not the
   * wrapper.
   */
  static String programName(List<String> command) {
    int separator = command.indexOf("--");
    String program =
        separator >= 0 && separator + 1 < command.size()
            ? command.get(separator + 1)
            : command.get(0);
    Path fileName = Path.of(program).getFileName();
    return fileName == null ? program : fileName.toString();
  }

  private static void restrictEnvironment(Map<String, String> env) {
    env.keySet().removeIf(name -> !KEPT_ENV.contains(name) && !name.startsWith("LC_"));
  }

  private static Process startProcess(ProcessBuilder builder, List<String> command) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new EmbeddedPgException(
          "could not run " + command.get(0) + " (is it installed?): " + e.getMessage(), e);
    }
  }

  private static boolean waitFor(Process process, Duration timeout, List<String> command) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EmbeddedPgException("interrupted while waiting for " + programName(command), e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Only a few bytes of helper output in the temp dir; not worth failing the caller over.
      LOG.debug("could not delete {}: {}", file, e.toString());
    }
  }
}
