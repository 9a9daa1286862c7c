package jp.oqsgateway.gateway.oqs.link;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jp.oqsgateway.gateway.concurrent.Backoff;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Unmatched;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.sql.RowIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file link to one 資格確認端末: writes requests into {@code req/}, watches {@code res/} and {@code
 * face/}, and drives every exchange to a final state (docs/OQS-LINK.md). This class is the public
 * face and the lifecycle (start, close); the work is done by package-private parts it wires: {@link
 * RequestWriter}, {@link PendingExchanges} (which owns the state), {@link Deadlines}, {@link
 * BulkReasks}, {@link LinkLiveness}, {@link IdleProbe}, and the scanner ({@link ScanSchedule},
 * {@link FolderScanner} and the classes it uses).
 *
 * <p>Threads: all state lives on one Vert.x context (an event loop) and is touched only there
 * ({@link #onCtx}); file I/O and XML parsing run on the {@code oqsgw-files} worker pool;
 * file-system notifications come from a dedicated daemon thread and only ask for a scan. SQL goes
 * through the reactive pool, and every state change is guarded in SQL, so nothing completes an
 * exchange twice.
 */
public final class OqsLink {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);

  private final Vertx vertx;
  private final Context ctx;
  private final WorkerExecutor files;
  private final LinkConfig config;
  private final ExchangeStore store;
  private final LinkMetrics metrics;
  private final PendingExchanges exchanges;
  private final Deadlines deadlines;
  private final RequestWriter writer;
  private final BulkReasks reasks;
  private final IdleProbe probe;
  private final ProcessedFileLog processed;
  private final ScanSchedule scans;
  private final FaceFiles faces;
  private final LinkLiveness liveness;
  private final List<Long> timers = new ArrayList<>();
  private final Optional<Path> folderRecord;

  private volatile FolderWatcher watcher;
  private final ChangedFiles changes = new ChangedFiles();

  private OqsLink(
      Vertx vertx,
      Pool pool,
      WorkerExecutor files,
      LinkConfig config,
      MeterRegistry registry,
      Optional<Path> folderRecord) {
    this.vertx = vertx;
    this.folderRecord = folderRecord;
    this.ctx = vertx.getOrCreateContext();
    this.files = files;
    this.config = config;
    this.store = new ExchangeStore(pool);
    OqsXmlReader reader = new OqsXmlReader();
    this.liveness = new LinkLiveness(config);
    this.metrics = new LinkMetrics(registry);
    this.exchanges =
        new PendingExchanges(vertx, files, store, reader, metrics, liveness, Backoff.UNTIL_DONE);
    metrics.gauges(liveness::upGauge, exchanges::size, liveness::lastGoodEpochSeconds);
    this.processed = new ProcessedFileLog(files, pool, config);
    StableFiles stable = new StableFiles(config, processed, metrics, reader);
    this.scans = new ScanSchedule();
    this.deadlines = new Deadlines(vertx, files, config, exchanges, liveness, scans, stable);
    this.writer =
        new RequestWriter(
            files,
            config,
            store,
            new RequestSequence(pool, config.extendedNames()),
            reader,
            exchanges,
            deadlines,
            liveness,
            scans);
    this.reasks = new BulkReasks(vertx, config, store, exchanges, writer, deadlines);
    this.probe = new IdleProbe(config, exchanges, liveness, writer);
    this.faces = new FaceFiles(files, config, metrics, reader, processed);
    ResultMatcher results =
        new ResultMatcher(
            vertx,
            files,
            config,
            metrics,
            store,
            exchanges,
            reasks,
            new ResultReader(reader, config),
            processed,
            scans);
    FolderScanner scanner =
        new FolderScanner(
            vertx,
            files,
            config,
            exchanges,
            liveness,
            scans,
            stable,
            processed,
            results,
            faces,
            metrics,
            changes,
            () -> watcher != null && watcher.watchingAll());
    scans.runs(scanner::scan);
  }

  /**
   * Starts the link: loads the exchanges that were pending when the gateway stopped, scans the
   * folders once (results that landed meanwhile are matched now), re-arms deadlines, and starts
   * watching. Completes when that first scan is done.
   */
  public static Future<OqsLink> start(
      Vertx vertx, Pool pool, WorkerExecutor files, LinkConfig config, MeterRegistry registry) {
    return start(vertx, pool, files, config, registry, null);
  }

  /**
   * As {@link #start(Vertx, Pool, WorkerExecutor, LinkConfig, MeterRegistry)}; {@code folderRecord}
   * (or null: none) is a file in the gateway's home where the link records its {@code req/} folder:
   * exchanges still pending in the folder recorded there by an earlier start, when {@code req/} is
   * now another folder, are ended at start ({@link RequestFolders}).
   */
  public static Future<OqsLink> start(
      Vertx vertx,
      Pool pool,
      WorkerExecutor files,
      LinkConfig config,
      MeterRegistry registry,
      Path folderRecord) {
    OqsLink link =
        new OqsLink(vertx, pool, files, config, registry, Optional.ofNullable(folderRecord));
    return link.onCtx(link::begin).map(link);
  }

  private Future<Void> begin() {
    return files
        .executeBlocking(
            () ->
                new FolderWatcher(
                    List.of(config.reqDir(), config.resDir(), config.faceDir()),
                    () -> ctx.runOnContext(v -> scans.requestLook()),
                    changes),
            false)
        .compose(
            w -> {
              watcher = w;
              return processed.load();
            })
        .compose(v -> RequestFolders.own(store, files, config, metrics, folderRecord))
        .compose(store::pending)
        .compose(list -> settleTemporaries(list).map(list))
        .compose(
            list -> {
              for (Exchange e : list) {
                deadlines.arm(exchanges.track(e));
              }
              if (!list.isEmpty()) {
                LOG.atInfo().addKeyValue("count", list.size()).log("resuming pending exchanges");
              }
              timers.add(
                  vertx.setPeriodic(
                      config.scanInterval().toMillis(),
                      id -> {
                        watcher.registerMissingOn(files);
                        scans.requestScan();
                      }));
              if (config.probeEnabled()) {
                timers.add(vertx.setPeriodic(probe.checkEveryMillis(), id -> probe.maybeProbe()));
              }
              return scans.scanNow();
            });
  }

  /**
   * Before the first scan: the requests of stored exchanges a crash left staged are put in place,
   * every other temporary file of ours is removed.
   */
  private Future<Void> settleTemporaries(List<Exchange> pending) {
    Set<String> written =
        pending.stream()
            .filter(e -> e.state() == ExchangeState.WRITTEN)
            .map(Exchange::requestFile)
            .collect(Collectors.toSet());
    return files.executeBlocking(
        () -> {
          LinkFiles.Leftovers left = LinkFiles.settleTemporaries(config.reqDir(), written);
          if (left.published() > 0) {
            LOG.atInfo()
                .addKeyValue("count", left.published())
                .log("put in place requests staged before a stop");
          }
          if (left.removed() > 0) {
            LOG.atInfo()
                .addKeyValue("count", left.removed())
                .log("removed stale temporary requests");
          }
          return null;
        },
        false);
  }

  // ---------------------------------------------------------------- public API

  /**
   * Writes the request into {@code req/} and returns the exchange as persisted ({@code WRITTEN}, or
   * {@code FAILED} when the file could not be written). Fails without writing anything when the
   * document lacks what the link needs or holds text the encoding cannot carry.
   */
  public Future<Exchange> submit(OqsRequest request) {
    return submit(request, RowIds.next());
  }

  /**
   * As {@link #submit(OqsRequest)}, for an exchange whose id the caller chose and stored before
   * (e.g. a check's first exchange carries the check's id): after a crash, {@link #find} tells
   * whether it was created, and an exchange that was created has its request in {@code req/}
   * exactly once. Fails when an exchange with that id exists.
   */
  public Future<Exchange> submit(OqsRequest request, UUID exchangeId) {
    return onCtx(() -> writer.submit(request, exchangeId, null, false));
  }

  /**
   * As {@link #submit(OqsRequest, UUID)}; {@code alsoStored} writes what the caller records with
   * the exchange (a check's exchange id) in the transaction that stores it: both commit or neither
   * does, and then no request reaches {@code req/}. One commit before the request is written, not
   * two.
   */
  public Future<Exchange> submit(
      OqsRequest request, UUID exchangeId, Function<SqlConnection, Future<Void>> alsoStored) {
    return onCtx(() -> writer.submit(request, exchangeId, null, false, alsoStored));
  }

  /** The final outcome of an exchange: completes at once when it already ended. */
  public Future<ExchangeOutcome> outcome(UUID exchangeId) {
    return onCtx(
        () ->
            exchanges.closed()
                ? Future.failedFuture(
                    new LinkStopped("link stopped; the exchange resumes at the next start"))
                : exchanges
                    .whenPending(exchangeId)
                    .orElseGet(() -> existing(exchangeId).compose(exchanges::outcomeOf)));
  }

  /**
   * The parsed answer of an exchange that ended lately, kept a short while ({@link RecentAnswers})
   * so that it is not read and parsed again; empty: read it from the database.
   */
  public Optional<ParsedDocument> recentAnswer(UUID exchangeId) {
    return exchanges.recentAnswer(exchangeId);
  }

  /**
   * {@code participant} writes, in the transaction that records each answer (an exchange ending
   * ANSWERED with its parsed result), what that answer means; see {@link AnswerParticipant}.
   */
  public OqsLink joinAnswers(AnswerParticipant participant) {
    exchanges.joinAnswers(participant);
    return this;
  }

  /** Called on the link's context for every exchange that reaches a final state. */
  public OqsLink onOutcome(Consumer<ExchangeOutcome> listener) {
    exchanges.onOutcome(listener);
    return this;
  }

  /**
   * Called on the link's context with a fresh snapshot each time the link program is seen to go
   * DOWN or come back UP (not for UNKNOWN at start). The listener must not block.
   */
  public OqsLink onLivenessChange(Consumer<LinkStatus> listener) {
    liveness.onChange(() -> listener.accept(exchanges.status()));
    return this;
  }

  /**
   * Hands every new, complete face-reader file to {@code handler}, once (also across restarts), on
   * the link's event loop, inside the transaction that records the file as handled (see {@link
   * FaceResultHandler}). The document holds patient data.
   */
  public OqsLink onFaceResult(FaceResultHandler handler) {
    faces.addHandler(handler);
    return this;
  }

  /**
   * Sends the request of a final, unanswered exchange again, as a new exchange linked to it ({@code
   * retryOf}). Never done automatically: after {@code OUTCOME_UNKNOWN} a person decides.
   */
  public Future<Exchange> retry(UUID exchangeId) {
    return onCtx(
        () ->
            existing(exchangeId)
                .compose(
                    old -> {
                      if (!old.state().isFinal() || old.state() == ExchangeState.ANSWERED) {
                        return Future.failedFuture(
                            new IllegalStateException(
                                "exchange "
                                    + exchangeId
                                    + " is "
                                    + old.state()
                                    + ", not retryable"));
                      }
                      return writer
                          .sentDocument(old)
                          .compose(
                              doc ->
                                  writer.submit(
                                      new OqsRequest(
                                          old.kind(),
                                          doc.root(),
                                          OqsCharset.fromDeclared(old.requestCharset())),
                                      RowIds.next(),
                                      old.id(),
                                      old.probe()));
                    }));
  }

  public Future<Optional<Exchange>> find(UUID exchangeId) {
    return store.find(exchangeId);
  }

  /** Exchanges created by {@link #retry} of this one. */
  public Future<List<Exchange>> retriesOf(UUID exchangeId) {
    return store.retriesOf(exchangeId);
  }

  /** A snapshot for health checks and dashboards. */
  public Future<LinkStatus> status() {
    return onCtx(() -> Future.succeededFuture(exchanges.status()));
  }

  /** Stops watching and scanning; pending exchanges stay in the database for the next start. */
  public Future<Void> close() {
    return onCtx(
        () -> {
          if (exchanges.closed()) {
            return Future.succeededFuture();
          }
          timers.forEach(vertx::cancelTimer);
          reasks.close();
          exchanges.close();
          if (watcher != null) {
            watcher.close();
          }
          return scans.close();
        });
  }

  // ---------------------------------------------------------------- helpers

  /** The stored exchange, or a failure naming the id when there is none. */
  private Future<Exchange> existing(UUID exchangeId) {
    return store
        .find(exchangeId)
        .map(
            found ->
                found.orElseThrow(() -> new NoSuchElementException("no exchange " + exchangeId)));
  }

  /** Runs {@code work} on the link's context, where all its state lives. */
  <T> Future<T> onCtx(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    ctx.runOnContext(
        v -> {
          try {
            work.get().onComplete(promise);
          } catch (RuntimeException e) {
            promise.fail(e);
          }
        });
    return promise.future();
  }

  /** Completed scans (tests wait on this instead of sleeping). */
  long scans() {
    return scans.scans();
  }

  double unmatched(Unmatched reason) {
    return metrics.unmatchedCount(reason);
  }

  LinkConfig config() {
    return config;
  }
}
