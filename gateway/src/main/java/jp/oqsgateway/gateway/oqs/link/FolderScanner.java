package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.ProcessedFileLog.Folder;
import jp.oqsgateway.gateway.oqs.link.StableFiles.ScanBudget;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan of {@code req/}, {@code res/} and {@code face/}: detects pickups and requests left
 * lying, and hands each changed file, once it is a complete document or stable ({@link
 * StableFiles}) and its content is new ({@link ProcessedFileLog}), to {@link ResultMatcher} or
 * {@link FaceFiles}. Files are never deleted. What a scan reads at all (names, links, byte budget)
 * is {@link StableFiles}'.
 *
 * <p>A scan lists the folders whole when {@link ScanSchedule} asks for it, when notifications were
 * lost or a folder is not watched, and while files wait beyond a scan's byte budget; otherwise it
 * looks only at the files the notifications named ({@link ChangedFiles}) and those waiting for a
 * second read. A folder keeps every file handled, so a listing costs in proportion to the day's
 * results (a night of 10,000 re-inquiries), while a look costs in proportion to what changed.
 *
 * <p>Runs on the link's context ({@link PendingExchanges}); the listing and reading on the files
 * worker pool. When scans run is {@link ScanSchedule}'s.
 */
final class FolderScanner {
  private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);

  /**
   * What one scan saw; {@code complete}: the files read as complete documents; {@code trees}: the
   * parsed results among them kept for handling, within the scan's budget.
   */
  private record Batch(
      Set<String> goneRequests,
      List<Seen> res,
      List<Seen> face,
      Set<Path> complete,
      Map<Path, ParsedDocument> trees,
      int deferred) {}

  private final Vertx vertx;
  private final WorkerExecutor files;
  private final LinkConfig config;
  private final PendingExchanges exchanges;
  private final LinkLiveness liveness;
  private final ScanSchedule scans;
  private final StableFiles stable;
  private final ProcessedFileLog processed;
  private final ResultMatcher results;
  private final FaceFiles faces;
  private final LinkMetrics metrics;
  private final ChangedFiles changes;
  private final BooleanSupplier watching;
  private boolean faceFirst;

  /**
   * A listing of every file also {@code stat}s the files already handled at the first listing,
   * after lost notifications, and on every {@value #THOROUGH_EVERY}th listing; the others look at
   * new names only ({@link StableFiles#readChanged}).
   */
  static final int THOROUGH_EVERY = 10;

  private int listings;
  private boolean overBudget;

  FolderScanner(
      Vertx vertx,
      WorkerExecutor files,
      LinkConfig config,
      PendingExchanges exchanges,
      LinkLiveness liveness,
      ScanSchedule scans,
      StableFiles stable,
      ProcessedFileLog processed,
      ResultMatcher results,
      FaceFiles faces,
      LinkMetrics metrics,
      ChangedFiles changes,
      BooleanSupplier watching) {
    this.vertx = vertx;
    this.files = files;
    this.config = config;
    this.exchanges = exchanges;
    this.liveness = liveness;
    this.scans = scans;
    this.stable = stable;
    this.processed = processed;
    this.results = results;
    this.faces = faces;
    this.metrics = metrics;
    this.changes = changes;
    this.watching = watching;
  }

  /** One scan; {@link ScanSchedule} decides when. */
  Future<Void> scan() {
    List<Pending> written = exchanges.written();
    List<String> names = written.stream().map(p -> p.exchange.requestFile()).toList();
    // The budget is shared; which folder reads first alternates, so neither starves the other.
    boolean face = faceFirst = !faceFirst;
    ChangedFiles.Changes changed = changes.take();
    boolean lost = changed.overflow() | !watching.getAsBoolean();
    boolean listAll = scans.takeListAll() | lost | stable.deferring();
    metrics.scan(listAll);
    boolean thorough = listAll && (lost || listings++ % THOROUGH_EVERY == 0);
    Optional<Set<Path>> only = Optional.empty();
    if (!listAll) {
      Set<Path> look = changed.paths();
      look.addAll(stable.waiting());
      only = Optional.of(look);
    }
    Optional<Set<Path>> looked = only;
    return files
        .executeBlocking(
            () -> {
              Set<String> gone = new HashSet<>();
              for (String n : names) {
                if (!Files.exists(config.reqDir().resolve(n))) {
                  gone.add(n);
                }
              }
              ScanBudget budget = new ScanBudget(config.scanBudgetBytes());
              List<Seen> faceFiles =
                  face ? stable.readChanged(Folder.FACE, budget, looked, thorough) : null;
              List<Seen> resFiles = stable.readChanged(Folder.RES, budget, looked, thorough);
              if (!face) {
                faceFiles = stable.readChanged(Folder.FACE, budget, looked, thorough);
              }
              // A tree costs far more heap than its file's bytes (an empty element about 35 bytes
              // for the 4 of <a/>): a result's is kept only while the scan's budget holds it, the
              // others are parsed again when handled, one at a time. A face file's is never kept:
              // FaceFiles parses what it delivers.
              Set<Path> complete = new HashSet<>();
              Map<Path, ParsedDocument> trees = new HashMap<>();
              for (Seen s : resFiles) {
                Optional<ParsedDocument> d = stable.complete(Folder.RES, s);
                if (d.isPresent()) {
                  complete.add(s.path());
                  if (budget.keeps(StableFiles.treeCost(d.get()))) {
                    trees.put(s.path(), d.get());
                  }
                }
              }
              for (Seen s : faceFiles) {
                if (stable.complete(Folder.FACE, s).isPresent()) {
                  complete.add(s.path());
                }
              }
              return new Batch(gone, resFiles, faceFiles, complete, trees, budget.deferred());
            },
            false)
        .compose(
            batch -> {
              budgetReport(batch.deferred());
              Future<Void> chain = Future.succeededFuture();
              Instant now = Instant.now();
              Set<String> answeredNow = answeredWhole(batch);
              for (Pending p : written) {
                if (answeredNow.contains(p.exchange.requestFile())
                    && !p.exchange.kind().bulkPhase2()) {
                  // Its end records the pickup in the same statement (PendingExchanges#finish);
                  // a bulk answer may be "still processing", which is no end.
                  continue;
                }
                if (batch.goneRequests().contains(p.exchange.requestFile())) {
                  chain = chain.compose(v -> exchanges.pickedUp(p));
                } else if (Duration.between(p.exchange.writtenAt(), now)
                        .compareTo(config.pickupThreshold())
                    > 0) {
                  liveness.notPickedUp();
                }
              }
              boolean[] recheck = {false};
              for (Seen s : batch.res()) {
                boolean complete = batch.complete().contains(s.path());
                Optional<ParsedDocument> tree = Optional.ofNullable(batch.trees().get(s.path()));
                chain = chain.compose(v -> consider(s, Folder.RES, complete, tree, recheck));
              }
              for (Seen s : batch.face()) {
                boolean complete = batch.complete().contains(s.path());
                chain =
                    chain.compose(
                        v -> consider(s, Folder.FACE, complete, Optional.empty(), recheck));
              }
              return chain.onComplete(
                  ar -> {
                    if (recheck[0] && !scans.closed()) {
                      vertx.setTimer(
                          config.stableDelay().toMillis() + 20, id -> scans.requestLook());
                    }
                  });
            });
  }

  /**
   * The request files this scan holds a complete result document for: those are handed on in this
   * scan, whose end of the exchange records the pickup too, so no separate pickup is written first.
   */
  private static Set<String> answeredWhole(Batch batch) {
    Set<String> requests = new HashSet<>();
    for (Seen s : batch.res()) {
      if (batch.complete().contains(s.path())) {
        LinkFiles.classify(s.name()).ifPresent(rf -> requests.add(rf.requestFile()));
      }
    }
    return requests;
  }

  /** Counts deferred files; logs when a scan first runs over its budget and when that ends. */
  private void budgetReport(int deferred) {
    if (deferred > 0) {
      metrics.deferred(deferred);
    }
    if ((deferred > 0) != overBudget) {
      overBudget = deferred > 0;
      var event = overBudget ? LOG.atWarn() : LOG.atInfo();
      event
          .addKeyValue("count", deferred)
          .log(
              overBudget
                  ? "scan read its byte budget (oqs.link.scan-budget-mb); the remaining files wait"
                      + " for the next scans"
                  : "scans read every changed file again within their byte budget");
    }
  }

  private Future<Void> consider(
      Seen s, Folder folder, boolean complete, Optional<ParsedDocument> tree, boolean[] recheck) {
    Path path = s.path();
    if (processed.sameContent(s)) {
      return Future.succeededFuture();
    }
    if (folder == Folder.FACE && faces.tooOld(s.name())) {
      boolean firstSight = stable.takeAtOnce(path);
      return faces.skipOld(s, firstSight).eventually(() -> stable.release(path));
    }
    if (stable.stable(s, complete)) {
      Future<Void> handled = folder == Folder.RES ? results.handle(s, tree) : faces.handle(s);
      return handled
          .recover(
              e -> {
                LOG.atWarn()
                    .setCause(e)
                    .addKeyValue("file", s.name())
                    .log("could not handle a file; trying again at the next scan");
                return Future.succeededFuture();
              })
          .eventually(() -> stable.release(path));
    }
    recheck[0] = true;
    return Future.succeededFuture();
  }
}
