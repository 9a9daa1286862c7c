package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.ProcessedFileLog.Folder;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each new, stable face-reader file in {@code face/} to the {@code onFaceResult} consumers,
 * once, on the link's context. A file whose name timestamp is older than {@code
 * oqs.link.face-max-age} is skipped (REFERENCE §4.6: old files must not be acted upon). The record
 * is written before the hand-over, so a crash in between loses that one delivery rather than
 * repeating it.
 */
final class FaceFiles {
  private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);

  private final WorkerExecutor files;
  private final LinkConfig config;
  private final LinkMetrics metrics;
  private final OqsXmlReader reader;
  private final ProcessedFileLog processed;
  private final List<Consumer<ParsedDocument>> consumers = new CopyOnWriteArrayList<>();

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

  void addConsumer(Consumer<ParsedDocument> consumer) {
    consumers.add(consumer);
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
      metrics.face("skipped_old");
      LOG.atInfo().addKeyValue("file", s.name()).log("old face file skipped on first sight");
    }
    return processed.note(s, Folder.FACE, "skipped_old", null, false);
  }

  /**
   * A stable file in {@code face/}. With no consumer registered yet (the scan at start runs before
   * the gateway registers its consumer) nothing is recorded, so a later scan hands the file over.
   */
  Future<Void> handle(Seen s) {
    if (consumers.isEmpty()) {
      return Future.succeededFuture();
    }
    if (LinkFiles.faceTimestamp(s.name()).isEmpty()) {
      return processed.note(s, Folder.FACE, "ignored", null, false);
    }
    if (s.bytes() == null) {
      metrics.face("too_large");
      return processed.note(s, Folder.FACE, "too_large", null, false);
    }
    return files
        .executeBlocking(() -> reader.parse(s.name(), s.bytes()), false)
        .transform(
            ar -> {
              if (ar.failed()) {
                metrics.face("unreadable");
                LOG.atWarn()
                    .addKeyValue("file", s.name())
                    .addKeyValue("reason", String.valueOf(ar.cause().getMessage()))
                    .log("face file unreadable");
                return processed.note(s, Folder.FACE, "unreadable", null, false);
              }
              ParsedDocument doc = ar.result();
              return processed
                  .record(s, Folder.FACE, "delivered", null, true)
                  .map(
                      inserted -> {
                        if (inserted) {
                          metrics.face("delivered");
                          deliver(doc);
                        }
                        return null;
                      });
            });
  }

  private void deliver(ParsedDocument doc) {
    for (Consumer<ParsedDocument> c : consumers) {
      try {
        c.accept(doc);
      } catch (RuntimeException e) {
        LOG.atWarn().setCause(e).log("a face-result consumer failed");
      }
    }
  }
}
