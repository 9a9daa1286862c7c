package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.ResFile;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Stat;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Unmatched;
import jp.oqsgateway.gateway.oqs.link.OqsLink.Pending;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.store.ProcessedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at {@code req/}, {@code res/} and {@code face/}: detects pickups, reads files only once two
 * reads at least {@code stableDelay} apart agree on size and SHA-256 (the terminal or another
 * program may still be writing), and hands each stable file to the link once. Files are never
 * deleted; what was handled is remembered in {@code oqs_processed_file} so restarts skip it.
 *
 * <p>Runs on the link's context; the reading itself on the files worker pool. Scans never overlap:
 * a request during a scan causes one more scan afterwards.
 */
final class FolderScanner {
  private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);

  private enum Folder {
    RES,
    FACE
  }

  private record Settled(long size, long mtimeMillis, String sha256) {}

  private record Observation(Seen seen, long atNanos) {}

  private record Batch(Set<String> goneRequests, List<Seen> res, List<Seen> face) {}

  /** A result file made ready for matching on the worker pool. */
  private record Prepared(byte[] bytes, ParsedDocument doc, String unreadable, String unusable) {}

  private final OqsLink link;
  private final Vertx vertx;
  private final WorkerExecutor files;
  private final LinkConfig config;
  private final LinkMetrics metrics;
  private final OqsXmlReader reader;
  private final ProcessedFiles processed;
  private final String resKey;
  private final String faceKey;

  private final Map<Path, Settled> settled = new ConcurrentHashMap<>();
  private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<Path, Observation> observations = new HashMap<>();
  private final List<Consumer<ParsedDocument>> faceConsumers = new CopyOnWriteArrayList<>();

  private boolean scanning;
  private boolean rescan;
  private boolean closed;
  private long scans;
  private List<Promise<Void>> current = new ArrayList<>();
  private List<Promise<Void>> next = new ArrayList<>();

  FolderScanner(
      OqsLink link,
      Vertx vertx,
      Context ctx,
      WorkerExecutor files,
      Pool pool,
      LinkConfig config,
      LinkMetrics metrics,
      OqsXmlReader reader) {
    this.link = link;
    this.vertx = vertx;
    this.files = files;
    this.config = config;
    this.metrics = metrics;
    this.reader = reader;
    this.processed = new ProcessedFiles(pool);
    this.resKey = config.resDir().toAbsolutePath().normalize().toString();
    this.faceKey = config.faceDir().toAbsolutePath().normalize().toString();
  }

  void addFaceConsumer(Consumer<ParsedDocument> consumer) {
    faceConsumers.add(consumer);
  }

  long scans() {
    return scans;
  }

  /** Loads what earlier runs handled, so that it is neither read nor acted upon again. */
  Future<Void> loadSettled() {
    return processed
        .inFolder(resKey)
        .compose(
            res -> {
              res.forEach(e -> remember(config.resDir().resolve(e.name()), e));
              return processed.inFolder(faceKey);
            })
        .map(
            face -> {
              face.forEach(e -> remember(config.faceDir().resolve(e.name()), e));
              return null;
            });
  }

  private void remember(Path path, ProcessedFiles.Entry e) {
    settled.put(path, new Settled(e.size(), e.mtime().toEpochMilli(), e.sha256()));
  }

  // ---------------------------------------------------------------- scheduling

  void requestScan() {
    if (closed) {
      return;
    }
    if (scanning) {
      rescan = true;
      return;
    }
    startCycle();
  }

  /** Completes after a scan that started after this call. */
  Future<Void> scanNow() {
    if (closed) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    if (scanning) {
      next.add(p);
      rescan = true;
    } else {
      current.add(p);
      startCycle();
    }
    return p.future();
  }

  Future<Void> close() {
    closed = true;
    if (!scanning) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    current.add(p);
    return p.future();
  }

  private void startCycle() {
    scanning = true;
    cycle()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.atWarn().setCause(ar.cause()).log("scan of the exchange folders failed");
              }
              scans++;
              scanning = false;
              List<Promise<Void>> done = current;
              current = next;
              next = new ArrayList<>();
              done.forEach(Promise::tryComplete);
              if (closed) {
                current.forEach(Promise::tryComplete);
                current.clear();
              } else if (rescan || !current.isEmpty()) {
                rescan = false;
                startCycle();
              }
            });
  }

  // ---------------------------------------------------------------- one scan

  private Future<Void> cycle() {
    List<Pending> written = link.written();
    List<String> names = written.stream().map(p -> p.exchange.requestFile()).toList();
    return files
        .executeBlocking(
            () -> {
              Set<String> gone = new HashSet<>();
              for (String n : names) {
                if (!Files.exists(config.reqDir().resolve(n))) {
                  gone.add(n);
                }
              }
              return new Batch(gone, readChanged(config.resDir()), readChanged(config.faceDir()));
            },
            false)
        .compose(
            batch -> {
              Future<Void> chain = Future.succeededFuture();
              Instant now = Instant.now();
              for (Pending p : written) {
                if (batch.goneRequests().contains(p.exchange.requestFile())) {
                  chain = chain.compose(v -> link.pickedUp(p));
                } else if (Duration.between(p.exchange.writtenAt(), now)
                        .compareTo(config.pickupThreshold())
                    > 0) {
                  link.notPickedUp(p);
                }
              }
              boolean[] recheck = {false};
              for (Seen s : batch.res()) {
                chain = chain.compose(v -> consider(s, Folder.RES, recheck));
              }
              for (Seen s : batch.face()) {
                chain = chain.compose(v -> consider(s, Folder.FACE, recheck));
              }
              return chain.onComplete(
                  ar -> {
                    if (recheck[0] && !closed) {
                      vertx.setTimer(config.stableDelay().toMillis() + 20, id -> requestScan());
                    }
                  });
            });
  }

  /** Files not yet handled in that exact size and modification time (worker thread). */
  private List<Seen> readChanged(Path dir) throws java.io.IOException {
    List<Seen> seen = new ArrayList<>();
    for (Path p : LinkFiles.list(dir)) {
      if (inFlight.contains(p)) {
        continue;
      }
      Optional<Stat> stat = LinkFiles.stat(p);
      if (stat.isEmpty()) {
        continue;
      }
      Settled st = settled.get(p);
      if (st != null
          && st.size() == stat.get().size()
          && st.mtimeMillis() == stat.get().mtimeMillis()) {
        continue;
      }
      LinkFiles.read(p, stat.get(), config.maxResultBytes()).ifPresent(seen::add);
    }
    return seen;
  }

  private Future<Void> consider(Seen s, Folder folder, boolean[] recheck) {
    Path path = s.path();
    Settled st = settled.get(path);
    if (st != null && st.sha256().equals(s.sha256())) {
      settled.put(path, new Settled(s.size(), s.mtimeMillis(), s.sha256()));
      return Future.succeededFuture();
    }
    long now = System.nanoTime();
    Observation prev = observations.get(path);
    if (folder == Folder.FACE && tooOld(s.name())) {
      inFlight.add(path);
      observations.remove(path);
      if (prev == null && st == null) {
        metrics.face("skipped_old");
        LOG.atInfo().addKeyValue("file", s.name()).log("old face file skipped on first sight");
      }
      return settle(s, Folder.FACE, "skipped_old", null, false)
          .<Void>mapEmpty()
          .eventually(() -> release(path));
    }
    boolean same =
        prev != null && prev.seen().size() == s.size() && prev.seen().sha256().equals(s.sha256());
    if (same && now - prev.atNanos() >= config.stableDelay().toNanos()) {
      observations.remove(path);
      inFlight.add(path);
      Future<Void> handled = folder == Folder.RES ? handleResult(s) : handleFace(s);
      return handled
          .recover(
              e -> {
                LOG.atWarn()
                    .setCause(e)
                    .addKeyValue("file", s.name())
                    .log("could not handle a file; trying again at the next scan");
                return Future.succeededFuture();
              })
          .eventually(() -> release(path));
    }
    if (!same) {
      observations.put(path, new Observation(s, now));
    }
    recheck[0] = true;
    return Future.succeededFuture();
  }

  /**
   * Whether a file in {@code res/} that belongs to this request was seen but is not stable yet (a
   * second read must agree first): its exchange must not expire before that read.
   */
  boolean settling(String requestFile) {
    for (Path path : observations.keySet()) {
      if (path.getParent() != null
          && path.getParent().equals(config.resDir())
          && LinkFiles.classify(path.getFileName().toString())
              .map(rf -> rf.requestFile().equals(requestFile))
              .orElse(false)) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> release(Path path) {
    inFlight.remove(path);
    return Future.succeededFuture();
  }

  private boolean tooOld(String name) {
    Optional<LocalDateTime> ts = LinkFiles.faceTimestamp(name);
    return ts.isPresent()
        && ts.get()
            .atZone(config.zone())
            .toInstant()
            .isBefore(Instant.now().minus(config.faceMaxAge()));
  }

  private Future<Boolean> settle(
      Seen s, Folder folder, String outcome, UUID exchangeId, boolean archive) {
    return processed
        .record(
            new ProcessedFiles.Entry(
                folder == Folder.RES ? resKey : faceKey,
                s.name(),
                s.sha256(),
                s.size(),
                Instant.ofEpochMilli(s.mtimeMillis()),
                outcome,
                exchangeId))
        .compose(
            inserted -> {
              settled.put(s.path(), new Settled(s.size(), s.mtimeMillis(), s.sha256()));
              if (archive && config.archiveDir().isPresent()) {
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
              return Future.succeededFuture(inserted);
            });
  }

  // ---------------------------------------------------------------- res/

  private Future<Void> handleResult(Seen s) {
    Optional<ResFile> classified = LinkFiles.classify(s.name());
    if (classified.isEmpty()) {
      return settle(s, Folder.RES, "ignored", null, false).mapEmpty();
    }
    ResFile rf = classified.get();
    Pending p = link.pendingFor(rf.requestFile());
    if (p == null) {
      return unmatched(s, rf);
    }
    UUID id = p.exchange.id();
    if (s.bytes() == null) {
      return link.finish(
              p,
              ExchangeState.FAILED,
              s.name(),
              null,
              "result file refused: "
                  + s.name()
                  + " is larger than the limit of "
                  + config.maxResultBytes()
                  + " bytes")
          .compose(x -> settle(s, Folder.RES, "too_large", id, false))
          .mapEmpty();
    }
    return switch (rf.kind()) {
      case ERR ->
          link.finish(
                  p,
                  ExchangeState.FAILED,
                  s.name(),
                  null,
                  "terminal error (.err): " + LinkFiles.errText(s.bytes()))
              .compose(x -> settle(s, Folder.RES, "err", id, true))
              .mapEmpty();
      case REQUEST_RETURNED -> requestReturned(s, p, rf);
      case RESULT_PDF ->
          link.finish(p, ExchangeState.ANSWERED, s.name(), s.bytes(), null)
              .compose(x -> settle(s, Folder.RES, "answered", id, true))
              .mapEmpty();
      case RESULT_XML, RESULT_ZIP -> resultDocument(s, p, rf);
    };
  }

  private Future<Void> requestReturned(Seen s, Pending p, ResFile rf) {
    UUID id = p.exchange.id();
    // The .err explanation usually follows the returned request; give it a moment (§1.6).
    vertx.setTimer(
        Math.max(1, config.errGrace().toMillis()),
        t -> {
          if (!closed && link.pendingFor(rf.requestFile()) == p) {
            link.finish(
                p,
                ExchangeState.FAILED,
                s.name(),
                null,
                "the terminal returned the request unprocessed, without an .err text");
          }
        });
    return settle(s, Folder.RES, "request_returned", id, true).mapEmpty();
  }

  private Future<Void> resultDocument(Seen s, Pending p, ResFile rf) {
    UUID id = p.exchange.id();
    RequestKind kind = p.exchange.kind();
    return files
        .executeBlocking(() -> prepare(s, rf, kind), false)
        .compose(
            prepared -> {
              if (prepared.unusable() != null) {
                return link.finish(p, ExchangeState.FAILED, s.name(), null, prepared.unusable())
                    .compose(x -> settle(s, Folder.RES, "rejected", id, false))
                    .mapEmpty();
              }
              if (prepared.unreadable() != null) {
                // Maybe still being written by a slow writer: wait for it to change.
                link.problem(p, prepared.unreadable());
                return settle(s, Folder.RES, "unreadable", id, false).mapEmpty();
              }
              Optional<String> mismatch =
                  RequestDocuments.mismatch(p.exchange, prepared.doc().root());
              if (mismatch.isPresent()) {
                metrics.unmatched(Unmatched.IDENTIFIER_MISMATCH);
                LOG.atWarn()
                    .addKeyValue("file", s.name())
                    .addKeyValue("exchangeId", id)
                    .addKeyValue("reason", mismatch.get())
                    .log("result rejected: it does not belong to the request");
                return link.finish(
                        p,
                        ExchangeState.FAILED,
                        s.name(),
                        null,
                        "result rejected: " + mismatch.get())
                    .compose(x -> settle(s, Folder.RES, "rejected", id, false))
                    .mapEmpty();
              }
              boolean processing =
                  kind.bulkPhase2()
                      && "2"
                          .equals(
                              RequestDocuments.segmentOfResult(prepared.doc().root()).orElse(""));
              return link.answered(p, s.name(), prepared.bytes(), prepared.doc().root())
                  .compose(
                      x ->
                          settle(
                              s,
                              Folder.RES,
                              processing ? "still_processing" : "answered",
                              id,
                              true))
                  .mapEmpty();
            });
  }

  /** Extracts (zip) and parses on the worker pool. */
  private Prepared prepare(Seen s, ResFile rf, RequestKind kind) {
    byte[] bytes = s.bytes();
    if (rf.kind() == LinkFiles.ResKind.RESULT_ZIP) {
      try {
        bytes = LinkFiles.extractResult(bytes, kind.resultPrefix(), config.maxResultBytes());
      } catch (java.io.IOException e) {
        return new Prepared(null, null, null, "bulk result archive unusable: " + e.getMessage());
      }
    }
    try {
      return new Prepared(bytes, reader.parse(s.name(), bytes), null, null);
    } catch (OqsXmlException e) {
      if (e.isRefused()) {
        // A DOCTYPE, an entity or a limit: waiting for the writer cannot make it acceptable.
        return new Prepared(bytes, null, null, "result file refused: " + e.getMessage());
      }
      return new Prepared(bytes, null, "result file unreadable: " + e.getMessage(), null);
    }
  }

  private Future<Void> unmatched(Seen s, ResFile rf) {
    return link.findByRequestFile(rf.requestFile())
        .compose(
            found -> {
              UUID id = found.map(Exchange::id).orElse(null);
              boolean errArtefact =
                  rf.kind() == LinkFiles.ResKind.ERR
                      || rf.kind() == LinkFiles.ResKind.REQUEST_RETURNED;
              if (found.isPresent() && errArtefact && found.get().state() == ExchangeState.FAILED) {
                // The other half of an error we already recorded.
                return settle(s, Folder.RES, "error_artefact", id, false).mapEmpty();
              }
              Unmatched reason =
                  found.isPresent() ? Unmatched.DUPLICATE : Unmatched.UNKNOWN_REQUEST;
              metrics.unmatched(reason);
              LOG.atInfo()
                  .addKeyValue("file", s.name())
                  .addKeyValue("reason", reason.label())
                  .log("result file matches no pending exchange; recorded, not applied");
              return settle(s, Folder.RES, reason.label(), id, false).mapEmpty();
            });
  }

  // ---------------------------------------------------------------- face/

  private Future<Void> handleFace(Seen s) {
    if (LinkFiles.faceTimestamp(s.name()).isEmpty()) {
      return settle(s, Folder.FACE, "ignored", null, false).mapEmpty();
    }
    if (s.bytes() == null) {
      metrics.face("too_large");
      return settle(s, Folder.FACE, "too_large", null, false).mapEmpty();
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
                return settle(s, Folder.FACE, "unreadable", null, false).mapEmpty();
              }
              ParsedDocument doc = ar.result();
              return settle(s, Folder.FACE, "delivered", null, true)
                  .map(
                      inserted -> {
                        if (inserted) {
                          metrics.face("delivered");
                          for (Consumer<ParsedDocument> c : faceConsumers) {
                            try {
                              c.accept(doc);
                            } catch (RuntimeException e) {
                              LOG.atWarn().setCause(e).log("a face-result consumer failed");
                            }
                          }
                        }
                        return null;
                      });
            });
  }
}
