package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pg_ctl and initdb invocations for one data directory, run as the PostgreSQL account. */
record PgCtl(
    Path root,
    Path bin,
    Path data,
    List<String> runAs,
    EmbeddedPgOptions options,
    PgLogs.Bound logBound) {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final String POSTMASTER_PID = "postmaster.pid";
  private static final int PID_FILE_LINES = 8;
  private static final String READY = "ready";
  private static final Duration READY_POLL = Duration.ofMillis(10);

  private Path log() {
    return logDir().resolve("postgres.log");
  }

  Path logDir() {
    return root.resolve("log");
  }

  /** Returns false only when initdb failed over the locale, so the caller can fall back. */
  boolean initdb(Path target, Path pwFile, String localeOption) {
    ProcessRunner.Result result =
        ProcessRunner.run(initdbCommand(target, pwFile, localeOption), root, timeout());
    if (result.exitCode() == 0) {
      return true;
    }
    if (result.output().toLowerCase(Locale.ROOT).contains("locale")) {
      LOG.debug("initdb {} failed: {}", localeOption, result.output());
      return false;
    }
    throw new EmbeddedPgException(
        "initdb failed (exit "
            + result.exitCode()
            + "): "
            + ProcessRunner.tail(result.output(), ProcessRunner.TAIL_LINES));
  }

  void initdbChecked(Path target, Path pwFile, String localeOption) {
    ProcessRunner.runChecked(initdbCommand(target, pwFile, localeOption), root, timeout());
  }

  private List<String> initdbCommand(Path target, Path pwFile, String localeOption) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-D",
                target.toString(),
                "-U",
                EmbeddedPostgres.SUPERUSER,
                "-E",
                "UTF8",
                localeOption,
                "-A",
                "scram-sha-256",
                "--pwfile=" + pwFile,
                "--no-instructions"));
    if (!options.durable()) {
      args.add("--no-sync");
    }
    return command("initdb", args);
  }

  /** We hold the lock, so a server running on our data directory belongs to a dead gateway. */
  void stopOrphan() {
    // pg_ctl status reads the same file first: without it no server runs on this data directory,
    // and a warm start spares a process start.
    if (!Files.exists(data.resolve(POSTMASTER_PID)) || !isRunning()) {
      return;
    }
    long pid = postmasterPid();
    ProcessRunner.runChecked(
        fastStop(ORPHAN_STOP_TIMEOUT), root, ORPHAN_STOP_TIMEOUT.plusSeconds(15));
    LOG.atWarn()
        .addKeyValue("pid", pid)
        .log(
            "stopped a PostgreSQL server left running by a previous gateway process (pid "
                + pid
                + ")");
  }

  boolean isRunning() {
    // pg_ctl status: 0 running, 3 not running, 4 no usable data directory
    return ProcessRunner.run(
                command("pg_ctl", List.of("-D", data.toString(), "status")), root, STATUS_TIMEOUT)
            .exitCode()
        == 0;
  }

  void start(int port, Path socketDir) {
    StringBuilder serverOptions =
        new StringBuilder()
            .append("-c listen_addresses=")
            .append(EmbeddedPostgres.HOST)
            .append(" -c port=")
            .append(port)
            .append(" -c unix_socket_directories=")
            .append(socketDir)
            .append(" -c unix_socket_permissions=0700");
    serverOptions.append(PgLogs.serverOptions(logDir(), logBound));
    PgLogs.rotateStartLog(log(), logBound);
    if (!options.durable()) {
      serverOptions.append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    }
    long launched = System.currentTimeMillis() / 1000;
    // pg_ctl -w looks at the server every 100 ms; the server's own status line is read here every
    // 10 ms, and a server that accepts connections ends the wait while pg_ctl finishes on its own.
    Optional<ProcessRunner.Result> ended =
        ProcessRunner.runUntil(
            command(
                "pg_ctl",
                List.of(
                    "-D",
                    data.toString(),
                    "-l",
                    log().toString(),
                    "-w",
                    "-t",
                    Long.toString(timeout().toSeconds()),
                    "-o",
                    serverOptions.toString(),
                    "start")),
            root,
            timeout().plusSeconds(15),
            READY_POLL,
            () -> acceptsConnections(launched));
    if (ended.isEmpty()) {
      return;
    }
    ProcessRunner.Result result = ended.get();
    if (result.exitCode() != 0) {
      throw new EmbeddedPgException(
          "PostgreSQL did not start on "
              + EmbeddedPostgres.HOST
              + ":"
              + port
              + " (pg_ctl exit "
              + result.exitCode()
              + ": "
              + result.output().strip().replace('\n', ' ')
              + "); fix the cause shown in the last lines of "
              + log()
              + ":\n"
              + logTail());
    }
  }

  /**
   * {@code pg_ctl stop -m fast}: ends sessions, checkpoints, and waits for the postmaster to exit.
   */
  private List<String> fastStop(Duration wait) {
    return command(
        "pg_ctl",
        List.of(
            "-D",
            data.toString(),
            "-m",
            "fast",
            "-w",
            "-t",
            Long.toString(wait.toSeconds()),
            "stop"));
  }

  void stop() {
    ProcessRunner.Result result =
        ProcessRunner.run(fastStop(timeout()), root, timeout().plusSeconds(15));
    if (result.exitCode() != 0) {
      if (!isRunning()) {
        LOG.warn("embedded PostgreSQL was already stopped: {}", result.output().strip());
        return;
      }
      throw new EmbeddedPgException(
          "PostgreSQL did not stop (pg_ctl exit "
              + result.exitCode()
              + "): "
              + ProcessRunner.tail(result.output(), ProcessRunner.TAIL_LINES)
              + "; see "
              + log());
    }
  }

  /**
   * Whether the server started at or after {@code launched} (epoch seconds) says in its {@code
   * postmaster.pid} that it accepts connections, and still runs: pg_ctl's own test (the file's
   * lines: pid, data directory, start time, port, socket directory, listen address, shared memory
   * key, status).
   */
  boolean acceptsConnections(long launched) {
    List<String> lines;
    try {
      lines = Files.readAllLines(data.resolve(POSTMASTER_PID), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return false; // not written yet, or being replaced
    }
    if (lines.size() < PID_FILE_LINES || !READY.equals(lines.get(PID_FILE_LINES - 1).strip())) {
      return false;
    }
    try {
      long pid = Long.parseLong(lines.get(0).strip());
      long started = Long.parseLong(lines.get(2).strip());
      // pg_ctl allows two seconds for the clocks of a start that began as it launched
      return started >= launched - 2
          && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  long postmasterPid() {
    Path pidFile = data.resolve(POSTMASTER_PID);
    try (Stream<String> lines = Files.lines(pidFile, StandardCharsets.US_ASCII)) {
      return Long.parseLong(
          lines.findFirst().orElseThrow(() -> new IOException("empty file")).strip());
    } catch (IOException | NumberFormatException e) {
      throw new EmbeddedPgException("cannot read the postmaster pid from " + pidFile + ": " + e, e);
    }
  }

  /**
   * Last lines of what the postmaster said before its log collector started, and of the collector's
   * newest file; server messages only, never query data.
   */
  String logTail() {
    String tail = logTail(log());
    try {
      // The collector writes the server's last words after the server is gone: let it finish.
      settle(logDir());
      List<Path> collected = PgLogs.collectorFiles(logDir());
      if (!collected.isEmpty()) {
        tail += "\n" + logTail(collected.get(collected.size() - 1));
      }
    } catch (IOException e) {
      tail += "\n(cannot list " + logDir() + ": " + e + ")";
    }
    return tail;
  }

  /**
   * Waits (at most 2 s) until the newest collector file has not grown for 200 ms, or none exists:
   * only on the failure path of a start, which blocks the starting thread anyway.
   */
  private static void settle(Path dir) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    long last = -1;
    while (System.nanoTime() < deadline) {
      List<Path> files = PgLogs.collectorFiles(dir);
      long size = files.isEmpty() ? 0 : Files.size(files.get(files.size() - 1));
      if (size == last && size > 0) {
        return;
      }
      last = size;
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String logTail(Path log) {
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      long size = channel.size();
      int length = (int) Math.min(size, 64 * 1024);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      channel.position(size - length);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading until the tail is complete
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      return ProcessRunner.tail(text, ProcessRunner.TAIL_LINES);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private Duration timeout() {
    return options.startTimeout();
  }

  private List<String> command(String program, List<String> args) {
    List<String> command = new ArrayList<>(runAs);
    command.add(bin.resolve(program).toString());
    command.addAll(args);
    return command;
  }
}
