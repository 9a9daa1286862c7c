package jp.oqsgateway.gateway.bootstrap.pg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded server's own log bounded. PostgreSQL's log collector writes {@code
 * log/postgresql-<start time>.log} and starts a new file once one reaches {@link Bound#fileBytes()}
 * (or a day has passed); PostgreSQL never deletes old files and never truncates on a size rotation,
 * so a daemon thread deletes all but the newest {@link Bound#files()} every {@link
 * Bound#checkEvery()}. The file {@code pg_ctl -l} names ({@code log/postgres.log}) only receives
 * what the postmaster says before the collector starts; it is rotated once at each start when it
 * has outgrown one file.
 */
final class PgLogs implements AutoCloseable {
  static final String COLLECTOR_PREFIX = "postgresql-";
  private static final Logger LOG = LoggerFactory.getLogger(PgLogs.class);

  /**
   * How much of its own log the server may keep.
   *
   * @param fileBytes a file is closed and a new one begun at this size (PostgreSQL counts kB)
   * @param files how many files are kept, the current one included
   * @param checkEvery how often the older files are deleted
   */
  record Bound(long fileBytes, int files, Duration checkEvery) {
    /** 10 MB a file, 10 files: a week of a busy clinic's server messages, 100 MB at most. */
    static final Bound DEFAULT = new Bound(10L * 1024 * 1024, 10, Duration.ofMinutes(1));

    Bound {
      if (fileBytes < 1024 || files < 1 || checkEvery.isNegative() || checkEvery.isZero()) {
        throw new IllegalArgumentException(
            "a log bound needs files of at least 1 kB, one file and a positive interval");
      }
    }

    /** The largest the log directory may grow to, give or take one message. */
    long totalBytes() {
      return (files + 1) * fileBytes;
    }
  }

  private final Path dir;
  private final Bound bound;
  private final ScheduledExecutorService pruner;

  private PgLogs(Path dir, Bound bound) {
    this.dir = dir;
    this.bound = bound;
    this.pruner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pg-log-pruner");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts pruning {@code dir} (after one pass right away). */
  static PgLogs keepBounded(Path dir, Bound bound) {
    PgLogs logs = new PgLogs(dir, bound);
    logs.pruner.scheduleWithFixedDelay(
        logs::prune, 0, bound.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
    return logs;
  }

  /** The server settings that make the collector write rotated files into {@code dir}. */
  static String serverOptions(Path dir, Bound bound) {
    return " -c logging_collector=on -c log_directory="
        + dir
        + " -c log_filename="
        + COLLECTOR_PREFIX
        + "%Y%m%d-%H%M%S.log -c log_file_mode=0600 -c log_rotation_age=1d -c log_rotation_size="
        + bound.fileBytes() / 1024
        + "kB";
  }

  /** Moves an outgrown {@code pg_ctl -l} file aside (replacing the one moved before). */
  static void rotateStartLog(Path startLog, Bound bound) {
    try {
      if (Files.exists(startLog) && Files.size(startLog) > bound.fileBytes()) {
        Files.move(
            startLog,
            startLog.resolveSibling(startLog.getFileName() + ".1"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("cannot rotate {}: {}", startLog, e.toString());
    }
  }

  /** The collector's files, oldest first (their names sort by time). */
  static List<Path> collectorFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, COLLECTOR_PREFIX + "*.log")) {
      stream.forEach(files::add);
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return files;
  }

  void prune() {
    try {
      List<Path> files = collectorFiles(dir);
      for (Path file : files) {
        cutIfOutgrown(file);
      }
      for (Path old : files.subList(0, Math.max(0, files.size() - bound.files()))) {
        try {
          Files.deleteIfExists(old);
        } catch (NoSuchFileException gone) {
          // deleted meanwhile: nothing to do
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot prune the embedded PostgreSQL log in {}: {}", dir, e.toString());
    }
  }

  private void cutIfOutgrown(Path file) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException gone) {
      return;
    }
    if (size > 2 * bound.fileBytes()) {
      // The collector appends (O_APPEND), so it carries on at the new end of the emptied file.
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(0);
        channel.write(
            ByteBuffer.wrap(
                ("oqsgw: "
                        + size
                        + " bytes of server log written within one second were dropped to keep"
                        + " the log bounded\n")
                    .getBytes(StandardCharsets.UTF_8)));
      }
      LOG.atWarn()
          .addKeyValue("file", file)
          .addKeyValue("bytes", size)
          .log("emptied an embedded PostgreSQL log file that a burst made too large");
    }
  }

  @Override
  public void close() {
    pruner.shutdownNow();
  }
}
