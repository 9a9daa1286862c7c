package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What was handled in {@code res/} and {@code face/}: recorded in {@code oqs_processed_file} and
 * kept in memory, so a file is re-read only when its size or mtime changes and acted upon only when
 * its content is new, also across restarts. Files are never deleted; with {@code oqs.archive-dir}
 * set, those the caller says may be archived are moved there after recording.
 *
 * <p>Written on the link's context; {@link #unchanged} is also read from the worker pool while a
 * scan lists the folders, hence the concurrent map.
 */
final class ProcessedFileLog {
  private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);

  /** The watched folders whose files are recorded. */
  enum Folder {
    RES,
    FACE
  }

  private record Settled(long size, long mtimeMillis, String sha256) {}

  private final WorkerExecutor files;
  private final LinkConfig config;
  private final Pool pool;
  private final ProcessedFiles processed;
  private final String resKey;
  private final String faceKey;
  private final Map<Path, Settled> settled = new ConcurrentHashMap<>();

  ProcessedFileLog(WorkerExecutor files, Pool pool, LinkConfig config) {
    this.files = files;
    this.config = config;
    this.pool = pool;
    this.processed = new ProcessedFiles(pool);
    this.resKey = config.resDir().toAbsolutePath().normalize().toString();
    this.faceKey = config.faceDir().toAbsolutePath().normalize().toString();
  }

  /**
   * Loads what earlier runs handled of the files still in the folders, so that they are neither
   * read nor acted upon again. Not the whole table: it keeps every file handled over the years
   * (millions: at a million checks their entries alone outgrew the gateway's heap at start), the
   * folders only what the terminal and {@code oqs.archive-dir} leave there. A file handled before
   * that comes back later is read once more and found in the table by its content, so it is not
   * acted upon again (a result file: recorded as a duplicate).
   */
  Future<Void> load() {
    return files
        .executeBlocking(() -> List.of(names(config.resDir()), names(config.faceDir())), false)
        .compose(
            names ->
                load(resKey, config.resDir(), names.get(0))
                    .compose(v -> load(faceKey, config.faceDir(), names.get(1))));
  }

  private static List<String> names(Path dir) throws IOException {
    return LinkFiles.list(dir).stream().map(p -> p.getFileName().toString()).toList();
  }

  private Future<Void> load(String key, Path dir, List<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    return processed
        .inFolder(key, names)
        .map(
            entries -> {
              entries.forEach(e -> remember(dir.resolve(e.name()), e));
              return null;
            });
  }

  private void remember(Path path, ProcessedFiles.Entry e) {
    settled.put(path, new Settled(e.size(), e.mtime().toEpochMilli(), e.sha256()));
  }

  /** Handled in exactly this size and modification time: not worth reading (worker thread). */
  boolean unchanged(Path path, Stat stat) {
    Settled st = settled.get(path);
    return st != null && st.size() == stat.size() && st.mtimeMillis() == stat.mtimeMillis();
  }

  /**
   * Handled with this very content (only touched, or copied back): remembers the new size and mtime
   * so it is not read again, and answers true.
   */
  boolean sameContent(Seen s) {
    Settled st = settled.get(s.path());
    if (st != null && st.sha256().equals(s.sha256())) {
      settle(s);
      return true;
    }
    return false;
  }

  /** Whether anything was ever handled under this path. */
  boolean handled(Path path) {
    return settled.containsKey(path);
  }

  /**
   * Records the file as handled with {@code outcome} and, when {@code archive}, moves it to the
   * archive (a failure leaves it in place). True when the record is new.
   */
  Future<Boolean> record(Seen s, Folder folder, String outcome, UUID exchangeId, boolean archive) {
    return processed
        .record(pool, entry(s, folder, outcome, exchangeId))
        .compose(inserted -> settled(s, archive, inserted));
  }

  /**
   * Records the file as handled with {@code outcome} and lets {@code within} store what it means,
   * in one transaction: both commit or neither does (then nothing is remembered here either, and
   * the next scan reads the file again). {@code within} runs only for a file not recorded before;
   * its action runs once committed, then the file is archived as by {@link #record}.
   */
  Future<Boolean> recordWith(
      Seen s,
      Folder folder,
      String outcome,
      boolean archive,
      Function<SqlConnection, Future<Runnable>> within) {
    return pool.withTransaction(
            tx ->
                processed
                    .record(tx, entry(s, folder, outcome, null))
                    .compose(
                        inserted ->
                            inserted
                                ? within.apply(tx).map(Optional::of)
                                : Future.succeededFuture(Optional.<Runnable>empty())))
        .compose(
            action -> {
              action.ifPresent(Runnable::run);
              return settled(s, archive, action.isPresent());
            });
  }

  private ProcessedFiles.Entry entry(Seen s, Folder folder, String outcome, UUID exchangeId) {
    return new ProcessedFiles.Entry(
        folder == Folder.RES ? resKey : faceKey,
        s.name(),
        s.sha256(),
        s.size(),
        Instant.ofEpochMilli(s.mtimeMillis()),
        outcome,
        exchangeId);
  }

  /** Remembers the recorded file and archives it when asked to; {@code inserted} passes through. */
  private Future<Boolean> settled(Seen s, boolean archive, boolean inserted) {
    settle(s);
    if (!archive || config.archiveDir().isEmpty()) {
      return Future.succeededFuture(inserted);
    }
    Path root = config.archiveDir().get();
    return files
        .executeBlocking(
            () -> {
              LinkFiles.archive(s.path(), root);
              return inserted;
            },
            false)
        .recover(
            e -> {
              LOG.atWarn()
                  .addKeyValue("file", s.name())
                  .addKeyValue("reason", String.valueOf(e.getMessage()))
                  .log("could not archive a processed file; left in place");
              return Future.succeededFuture(inserted);
            });
  }

  /** Remembers the file as handled in its size, mtime and content (recorded by the caller). */
  void settle(Seen s) {
    settled.put(s.path(), new Settled(s.size(), s.mtimeMillis(), s.sha256()));
  }

  /**
   * {@link #note}, with the file's record written by {@code end} in its own transaction (an
   * exchange's end, which takes the record as the statement to add): the file is remembered, and
   * archived when asked to, once that transaction committed.
   */
  Future<Void> noteWithin(
      Seen s,
      Folder folder,
      String outcome,
      UUID exchangeId,
      boolean archive,
      Function<Function<SqlConnection, Future<Void>>, Future<?>> end) {
    return end.apply(
            tx -> processed.record(tx, entry(s, folder, outcome, exchangeId)).<Void>mapEmpty())
        .compose(x -> settled(s, archive, true))
        .mapEmpty();
  }

  /** {@link #record}, for callers that only need it done, not whether it was new. */
  Future<Void> note(Seen s, Folder folder, String outcome, UUID exchangeId, boolean archive) {
    return record(s, folder, outcome, exchangeId, archive).mapEmpty();
  }
}
