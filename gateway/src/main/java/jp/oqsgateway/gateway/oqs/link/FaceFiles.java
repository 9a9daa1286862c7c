package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.ProcessedFileLog.Folder;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each new, complete (or stable) face-reader file in {@code face/} to the {@link
 * FaceResultHandler}s, once, on the link's context. A file whose name timestamp is older than
 * {@code oqs.link.face-max-age} is skipped (OQS-PROTOCOL.md §4.6: old files must not be acted
 * upon). The file's handled-record and what the handlers store commit in one transaction: a crash
 * before the commit delivers the file again at the next scan or start, and the record (folder,
 * name, content hash) keeps a second delivery from storing anything. Exactly once, not at most
 * once.
 */
final class FaceFiles {
  private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);

  private final WorkerExecutor files;
  private final LinkConfig config;
  private final LinkMetrics metrics;
  private final OqsXmlReader reader;
  private final ProcessedFileLog processed;
  private final List<FaceResultHandler> handlers = new CopyOnWriteArrayList<>();

  FaceFiles(
      WorkerExecutor files,
      LinkConfig config,
      LinkMetrics metrics,
      OqsXmlReader reader,
      ProcessedFileLog processed) {
    this.files = files;
    this.config = config;
    this.metrics = metrics;
    this.reader = reader;
    this.processed = processed;
  }

  void addHandler(FaceResultHandler handler) {
    handlers.add(handler);
  }

  boolean tooOld(String name) {
    Optional<LocalDateTime> ts = LinkFiles.faceTimestamp(name);
    return ts.isPresent()
        && ts.get()
            .atZone(config.zone())
            .toInstant()
            .isBefore(Instant.now().minus(config.faceMaxAge()));
  }

  /** An old face file: recorded as skipped, counted and logged on its first sight only. */
  Future<Void> skipOld(Seen s, boolean firstSight) {
    if (firstSight) {
      metrics.face(LinkMetrics.Face.SKIPPED_OLD);
      LOG.atInfo().addKeyValue("file", s.name()).log("old face file skipped on first sight");
    }
    return processed.note(s, Folder.FACE, "skipped_old", null, false);
  }

  /**
   * A complete or stable file in {@code face/}. With no handler registered yet (the scan at start
   * runs before the gateway registers its handler) nothing is recorded, so a later scan hands the
   * file over. A failed future means nothing was recorded: the next scan tries again.
   */
  Future<Void> handle(Seen s) {
    if (handlers.isEmpty()) {
      return Future.succeededFuture();
    }
    if (LinkFiles.faceTimestamp(s.name()).isEmpty()) {
      return processed.note(s, Folder.FACE, "ignored", null, false);
    }
    if (s.bytes() == null) {
      metrics.face(LinkMetrics.Face.TOO_LARGE);
      return processed.note(s, Folder.FACE, "too_large", null, false);
    }
    return files
        .executeBlocking(() -> reader.parse(s.name(), s.bytes()), false)
        .transform(
            ar -> {
              if (ar.failed()) {
                metrics.face(LinkMetrics.Face.UNREADABLE);
                LOG.atWarn()
                    .addKeyValue("file", s.name())
                    .addKeyValue("reason", String.valueOf(ar.cause().getMessage()))
                    .log("face file unreadable");
                return processed.note(s, Folder.FACE, "unreadable", null, false);
              }
              ParsedDocument doc = ar.result();
              return processed
                  .recordWith(s, Folder.FACE, "delivered", true, tx -> storeAll(tx, doc))
                  .map(
                      inserted -> {
                        if (inserted) {
                          metrics.face(LinkMetrics.Face.DELIVERED);
                        }
                        return null;
                      });
            });
  }

  /** Every handler stores what the document means in {@code tx}; their actions run in turn. */
  private Future<Runnable> storeAll(SqlConnection tx, ParsedDocument doc) {
    return AfterCommit.joinAll(handlers, h -> h.handle(tx, doc), "storing a face file");
  }
}
