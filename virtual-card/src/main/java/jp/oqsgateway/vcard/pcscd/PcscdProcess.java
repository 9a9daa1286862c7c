package jp.oqsgateway.vcard.pcscd;

import static jp.oqsgateway.vcard.pcscd.PcscdHost.VPCD_PORT;
import static jp.oqsgateway.vcard.pcscd.PcscdHost.answers;
import static jp.oqsgateway.vcard.pcscd.PcscdHost.deleteQuietly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own pcscd child ({@link Pcscd.Mode#STARTED} or {@link Pcscd.Mode#STARTED_IN_NAMESPACE}): its
 * command line, its log, the shutdown hook that stops it with the JVM, the wait until its socket
 * answers, and stopping it. Not thread-safe: {@link Pcscd} calls it under its lock.
 */
final class PcscdProcess {
  private static final Logger log = LoggerFactory.getLogger(PcscdProcess.class);

  static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** How long a start waits for vpcd's port to be free ({@link PcscdHost#portFreeWithin}). */
  static final Duration PORT_WAIT = Duration.ofSeconds(15);

  private final Pcscd.Mode mode;
  private final Path socket;
  private final Path pcscdBinary;
  private final Path logFile;
  private Process process;
  private Thread shutdownHook;

  PcscdProcess(Pcscd.Mode mode, Path socket, Path pcscdBinary, Path logFile) {
    this.mode = mode;
    this.socket = socket;
    this.pcscdBinary = pcscdBinary;
    this.logFile = logFile;
  }

  /** Starts pcscd and returns when its socket answers; stops it again when it does not. */
  void launch() throws PcscdUnavailableException {
    if (!PcscdHost.portFreeWithin(VPCD_PORT, PORT_WAIT)) {
      throw new PcscdUnavailableException(
          "vpcd's port "
              + VPCD_PORT
              + " was in use for "
              + PORT_WAIT.toSeconds()
              + " s (another pcscd with vpcd, another test run, or a long-lived outgoing"
              + " connection that took it as its local port); only one pcscd with vpcd can run"
              + " on a machine");
    }
    List<String> command = command();
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.environment().remove(Pcscd.SOCKET_ENV);
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new PcscdUnavailableException("cannot run " + command.get(0) + ": " + e.getMessage());
    }
    Process started = process;
    shutdownHook = new Thread(started::destroy, "pcscd-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    awaitReady(started);
  }

  private List<String> command() throws PcscdUnavailableException {
    List<String> command = new ArrayList<>();
    if (mode == Pcscd.Mode.STARTED_IN_NAMESPACE) {
      Path run = socket.getParent().getParent();
      try {
        Files.createDirectories(run);
        Path dir = socket.getParent();
        if (Files.isDirectory(dir)) {
          // leftovers of a killed pcscd: it refuses to start over a live-looking pid file
          deleteQuietly(dir.resolve("pcscd.comm"));
          deleteQuietly(dir.resolve("pcscd.pid"));
        } else {
          deleteQuietly(dir);
        }
      } catch (IOException e) {
        throw new PcscdUnavailableException("cannot prepare " + run + ": " + e.getMessage());
      }
      command.addAll(
          List.of(
              "unshare",
              "--user",
              "--map-root-user",
              "--mount",
              "sh",
              "-c",
              "mount --bind \"$1\" /run && shift && exec \"$@\"",
              "sh",
              run.toString()));
    }
    command.addAll(List.of(pcscdBinary.toString(), "--foreground", "--info"));
    return command;
  }

  private void awaitReady(Process started) throws PcscdUnavailableException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answers(socket)) {
      if (!started.isAlive()) {
        String tail = tail(logFile);
        stop();
        throw new PcscdUnavailableException(
            "pcscd ("
                + mode
                + ") exited with status "
                + started.exitValue()
                + " before it was ready; its log "
                + logFile
                + " ends with: "
                + tail);
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new PcscdUnavailableException(
            "pcscd was not ready within " + START_TIMEOUT + "; see " + logFile);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    log.info("pcscd ready ({}, pid {}), socket {}", mode, started.pid(), socket);
  }

  /** Stops pcscd if it runs: politely, then by force after {@link #STOP_TIMEOUT}. */
  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("pcscd did not stop within {}; killing it", STOP_TIMEOUT);
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down and runs the hook itself
      }
      shutdownHook = null;
    }
    log.info("pcscd stopped");
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
