package jp.oqsgateway.gateway.oqs.link;

import io.micrometer.core.instrument.MeterRegistry;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Unmatched;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import jp.oqsgateway.gateway.store.ExchangeStore;
import jp.oqsgateway.gateway.store.RequestSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file link to one 資格確認端末: writes requests into {@code req/}, watches {@code res/} and {@code
 * face/}, and drives every exchange to a final state (docs/OQS-LINK.md).
 *
 * <p>Threads: all state lives on one Vert.x context (an event loop) and is touched only there; file
 * I/O and XML parsing run on the {@code oqsgw-files} worker pool; file-system notifications come
 * from a dedicated daemon thread and only ask for a scan. SQL goes through the reactive pool, and
 * every state change is guarded in SQL, so nothing completes an exchange twice.
 */
public final class OqsLink {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);
  private static final int MAX_NAME_ATTEMPTS = 20;

  /** Bounds how long a result that keeps changing can hold an exchange past its deadline. */
  private static final int MAX_DEADLINE_LOOKS = 10;

  private final Vertx vertx;
  private final Context ctx;
  private final WorkerExecutor files;
  private final LinkConfig config;
  private final ExchangeStore store;
  private final RequestSequence sequence;
  private final LinkMetrics metrics;
  private final OqsXmlReader reader;
  private final String reqDirKey;
  private final FolderScanner scanner;

  private final Map<UUID, Pending> pending = new HashMap<>();
  private final Map<String, Pending> byRequestFile = new HashMap<>();
  private final Map<UUID, List<Promise<ExchangeOutcome>>> waiters = new HashMap<>();
  private final List<Consumer<ExchangeOutcome>> outcomeListeners = new CopyOnWriteArrayList<>();
  private final List<Long> timers = new ArrayList<>();

  private LinkStatus.State state = LinkStatus.State.UNKNOWN;
  private String stateReason;
  private Duration lastGoodRoundTrip;
  private Instant lastGoodAt;
  private Instant lastActivity = Instant.now();
  private FolderWatcher watcher;
  private boolean closed;

  /** One exchange this link is waiting on (context-confined). */
  static final class Pending {
    Exchange exchange;
    long deadlineTimer = -1;
    String problem;
    boolean reasking;

    /** The request file is being written: its absence from req/ is no pickup yet. */
    boolean writing;

    /** The link is deleting its own request: its absence from req/ is no pickup. */
    boolean withdrawing;

    /** Extra looks at the deadline while a result of this request was still settling. */
    int deadlineLooks;

    Pending(Exchange exchange) {
      this.exchange = exchange;
    }
  }

  private OqsLink(
      Vertx vertx, Pool pool, WorkerExecutor files, LinkConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.ctx = vertx.getOrCreateContext();
    this.files = files;
    this.config = config;
    this.store = new ExchangeStore(pool);
    this.sequence = new RequestSequence(pool);
    this.reader = new OqsXmlReader();
    this.reqDirKey = config.reqDir().toAbsolutePath().normalize().toString();
    this.metrics =
        new LinkMetrics(
            registry,
            () -> state == LinkStatus.State.DOWN ? 0 : 1,
            pending::size,
            () -> lastGoodAt == null ? 0 : lastGoodAt.getEpochSecond());
    this.scanner = new FolderScanner(this, vertx, ctx, files, pool, config, metrics, reader);
  }

  /**
   * Starts the link: loads the exchanges that were pending when the gateway stopped, scans the
   * folders once (results that landed meanwhile are matched now), re-arms deadlines, and starts
   * watching. Completes when that first scan is done.
   */
  public static Future<OqsLink> start(
      Vertx vertx, Pool pool, WorkerExecutor files, LinkConfig config, MeterRegistry registry) {
    OqsLink link = new OqsLink(vertx, pool, files, config, registry);
    return link.onCtx(link::begin).map(link);
  }

  private Future<Void> begin() {
    return files
        .executeBlocking(
            () -> {
              int removed = LinkFiles.removeStaleTemporaries(config.reqDir());
              if (removed > 0) {
                LOG.atInfo().addKeyValue("count", removed).log("removed stale temporary requests");
              }
              return new FolderWatcher(
                  List.of(config.reqDir(), config.resDir(), config.faceDir()),
                  () -> ctx.runOnContext(v -> scanner.requestScan()));
            },
            false)
        .compose(
            w -> {
              watcher = w;
              return scanner.loadSettled();
            })
        .compose(v -> store.pending(reqDirKey))
        .compose(
            list -> {
              for (Exchange e : list) {
                track(e);
              }
              if (!list.isEmpty()) {
                LOG.atInfo().addKeyValue("count", list.size()).log("resuming pending exchanges");
              }
              timers.add(
                  vertx.setPeriodic(
                      config.scanInterval().toMillis(),
                      id -> {
                        watcher.registerMissing();
                        scanner.requestScan();
                      }));
              if (config.probeEnabled()) {
                long every = Math.max(1000, Math.min(config.probeIdle().toMillis(), 60_000));
                timers.add(vertx.setPeriodic(every, id -> maybeProbe()));
              }
              return scanner.scanNow();
            });
  }

  // ---------------------------------------------------------------- public API

  /**
   * Writes the request into {@code req/} and returns the exchange as persisted ({@code WRITTEN}, or
   * {@code FAILED} when the file could not be written). Fails without writing anything when the
   * document lacks what the link needs or holds text the encoding cannot carry.
   */
  public Future<Exchange> submit(OqsRequest request) {
    return onCtx(() -> submitInternal(request, null, false));
  }

  /** The final outcome of an exchange: completes at once when it already ended. */
  public Future<ExchangeOutcome> outcome(UUID exchangeId) {
    return onCtx(
        () ->
            store
                .find(exchangeId)
                .compose(
                    found -> {
                      if (found.isEmpty()) {
                        return Future.failedFuture(
                            new NoSuchElementException("no exchange " + exchangeId));
                      }
                      Exchange e = found.get();
                      if (e.state().isFinal()) {
                        return files.executeBlocking(() -> toOutcome(e), false);
                      }
                      if (!pending.containsKey(exchangeId)) {
                        // Finished between the query and now, or not handled by this link.
                        return store
                            .find(exchangeId)
                            .compose(
                                again ->
                                    again.isPresent() && again.get().state().isFinal()
                                        ? files.executeBlocking(() -> toOutcome(again.get()), false)
                                        : Future.failedFuture(
                                            new IllegalStateException(
                                                "exchange "
                                                    + exchangeId
                                                    + " is not handled by this link")));
                      }
                      Promise<ExchangeOutcome> p = Promise.promise();
                      waiters.computeIfAbsent(exchangeId, k -> new ArrayList<>()).add(p);
                      return p.future();
                    }));
  }

  /** Called on the link's context for every exchange that reaches a final state. */
  public OqsLink onOutcome(Consumer<ExchangeOutcome> listener) {
    outcomeListeners.add(listener);
    return this;
  }

  /**
   * Hands every new, stable face-reader file to {@code consumer}, once (also across restarts), on
   * the link's event loop: the consumer must not block. The document holds patient data.
   */
  public OqsLink onFaceResult(Consumer<ParsedDocument> consumer) {
    scanner.addFaceConsumer(consumer);
    return this;
  }

  /**
   * Sends the request of a final, unanswered exchange again, as a new exchange linked to it ({@code
   * retryOf}). Never done automatically: after {@code OUTCOME_UNKNOWN} a person decides.
   */
  public Future<Exchange> retry(UUID exchangeId) {
    return onCtx(
        () ->
            store
                .find(exchangeId)
                .compose(
                    found -> {
                      if (found.isEmpty()) {
                        return Future.failedFuture(
                            new NoSuchElementException("no exchange " + exchangeId));
                      }
                      Exchange old = found.get();
                      if (!old.state().isFinal() || old.state() == ExchangeState.ANSWERED) {
                        return Future.failedFuture(
                            new IllegalStateException(
                                "exchange "
                                    + exchangeId
                                    + " is "
                                    + old.state()
                                    + ", not retryable"));
                      }
                      return files
                          .executeBlocking(
                              () -> reader.parse(old.requestFile(), old.requestBytes()), false)
                          .compose(
                              doc ->
                                  submitInternal(
                                      new OqsRequest(
                                          old.kind(),
                                          doc.root(),
                                          OqsCharset.fromDeclared(old.requestCharset())),
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
    return onCtx(() -> Future.succeededFuture(statusNow()));
  }

  /** Stops watching and scanning; pending exchanges stay in the database for the next start. */
  public Future<Void> close() {
    return onCtx(
        () -> {
          if (closed) {
            return Future.succeededFuture();
          }
          closed = true;
          timers.forEach(vertx::cancelTimer);
          for (Pending p : pending.values()) {
            vertx.cancelTimer(p.deadlineTimer);
          }
          if (watcher != null) {
            watcher.close();
          }
          waiters.values().stream()
              .flatMap(List::stream)
              .forEach(
                  p ->
                      p.tryFail(
                          new IllegalStateException(
                              "link stopped; the exchange resumes at the next start")));
          waiters.clear();
          return scanner.close();
        });
  }

  // ---------------------------------------------------------------- submit

  private Future<Exchange> submitInternal(OqsRequest request, UUID retryOf, boolean probe) {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("the OQS link is stopped"));
    }
    OqsCharset charset = request.charset().orElse(config.requestCharset());
    try {
      RequestDocuments.validate(request.kind(), request.document());
      // Text the encoding cannot carry is refused before a name, a row or a file is spent on it
      // (the identifier set later is ASCII, so this answer holds for the final document).
      OqsXmlWriter.write(request.document(), charset);
    } catch (IllegalArgumentException | UnencodableTextException e) {
      return Future.failedFuture(e);
    }
    UUID id = UUID.randomUUID();
    lastActivity = Instant.now();
    return allocateName(request.kind(), 0)
        .compose(
            name -> {
              String suffix =
                  name.substring(request.kind().prefix().length() + 4, name.length() - 4);
              String afi = "GW" + suffix + "-" + id.toString().substring(0, 8);
              XmlElement doc =
                  RequestDocuments.withArbitraryFileIdentifier(request.document(), afi);
              byte[] bytes;
              try {
                bytes = OqsXmlWriter.write(doc, charset);
              } catch (Exception e) {
                return Future.failedFuture(e);
              }
              Instant now = Instant.now();
              Exchange row =
                  new Exchange(
                      id,
                      request.kind(),
                      ExchangeState.WRITTEN,
                      reqDirKey,
                      name,
                      afi,
                      RequestDocuments.institutionCode(doc),
                      request.kind().bulkPhase2()
                          ? RequestDocuments.receptionNumber(doc)
                          : Optional.empty(),
                      Optional.ofNullable(retryOf),
                      probe,
                      0,
                      charset.declaredName(),
                      bytes,
                      now,
                      Optional.empty(),
                      now.plus(config.timeout(request.kind())),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty());
              // The row first: a crash after it leaves an exchange that ends OUTCOME_UNKNOWN or
              // FAILED, never a request file nobody waits for.
              return store.insert(row).compose(saved -> writeRequest(saved, bytes));
            });
  }

  private Future<Exchange> writeRequest(Exchange saved, byte[] bytes) {
    Pending existing = pending.get(saved.id());
    Pending p = existing != null ? existing : track(saved);
    p.writing = true;
    return files
        .executeBlocking(
            () -> {
              LinkFiles.writeAtomically(config.reqDir(), saved.requestFile(), bytes);
              return null;
            },
            false)
        .transform(
            ar -> {
              p.writing = false;
              if (ar.succeeded()) {
                LOG.atInfo()
                    .addKeyValue("exchangeId", saved.id())
                    .addKeyValue("kind", saved.kind().label())
                    .addKeyValue("file", saved.requestFile())
                    .log("request written");
                scanner.requestScan();
                return Future.succeededFuture(saved);
              }
              return finish(
                      p,
                      ExchangeState.FAILED,
                      null,
                      null,
                      "could not write the request file: " + ar.cause().getMessage())
                  .map(o -> o.orElse(saved));
            });
  }

  /** Next sequence number whose request and result names are free in req/ and res/ (§1.4). */
  private Future<String> allocateName(RequestKind kind, int attempt) {
    return sequence
        .next(LocalDate.now(config.zone()))
        .compose(
            suffix -> {
              String name = kind.requestFileName(suffix);
              return files
                  .executeBlocking(
                      () -> LinkFiles.nameTaken(config.reqDir(), config.resDir(), name), false)
                  .compose(
                      taken -> {
                        if (!taken) {
                          return Future.succeededFuture(name);
                        }
                        LOG.atWarn()
                            .addKeyValue("file", name)
                            .log("request or result name already present; skipping that number");
                        if (attempt + 1 >= MAX_NAME_ATTEMPTS) {
                          return Future.failedFuture(
                              new IllegalStateException(
                                  MAX_NAME_ATTEMPTS
                                      + " request names in a row already had files in req/ or"
                                      + " res/; another program may use the same naming"));
                        }
                        return allocateName(kind, attempt + 1);
                      });
            });
  }

  private Pending track(Exchange e) {
    Pending p = new Pending(e);
    pending.put(e.id(), p);
    byRequestFile.put(e.requestFile(), p);
    armDeadline(p);
    return p;
  }

  private void armDeadline(Pending p) {
    if (closed) {
      return;
    }
    vertx.cancelTimer(p.deadlineTimer);
    long delay = Math.max(1, Duration.between(Instant.now(), p.exchange.deadlineAt()).toMillis());
    p.deadlineTimer = vertx.setTimer(delay, id -> onDeadline(p));
  }

  // ---------------------------------------------------------------- called by the scanner

  Pending pendingFor(String requestFile) {
    return byRequestFile.get(requestFile);
  }

  List<Pending> written() {
    List<Pending> list = new ArrayList<>();
    for (Pending p : pending.values()) {
      if (p.exchange.state() == ExchangeState.WRITTEN && !p.reasking && !p.writing) {
        list.add(p);
      }
    }
    return list;
  }

  Future<Optional<Exchange>> findByRequestFile(String requestFile) {
    return store.findByRequestFile(requestFile);
  }

  /** The request file left {@code req/}: the terminal's link program took it. */
  Future<Void> pickedUp(Pending p) {
    if (p.withdrawing || pending.get(p.exchange.id()) != p) {
      return Future.succeededFuture();
    }
    Instant now = Instant.now();
    return store
        .markPickedUp(p.exchange.id(), now)
        .map(
            updated -> {
              if (updated.isPresent()) {
                p.exchange = updated.get();
                metrics.pickupDelay(
                    p.exchange.kind(), Duration.between(p.exchange.writtenAt(), now));
                lastActivity = now;
                linkUp();
              }
              return null;
            });
  }

  /** A request lying in {@code req/} beyond the threshold. */
  void notPickedUp(Pending p) {
    linkDown(
        "request not picked up within "
            + config.pickupThreshold().toSeconds()
            + " s"
            + " (link program not running?)");
  }

  /** A result file that could not be used yet (unreadable): remembered for the deadline. */
  void problem(Pending p, String problem) {
    p.problem = problem;
  }

  /** A verified result: answered, or "still processing" for a bulk download. */
  Future<Void> answered(Pending p, String resultFile, byte[] bytes, XmlElement root) {
    if (p.exchange.kind().bulkPhase2()
        && "2".equals(RequestDocuments.segmentOfResult(root).orElse(""))) {
      return stillProcessing(p);
    }
    return finish(p, ExchangeState.ANSWERED, resultFile, bytes, null).mapEmpty();
  }

  Future<Optional<Exchange>> finish(
      Pending p, ExchangeState to, String resultFile, byte[] bytes, String error) {
    Instant now = Instant.now();
    Future<?> before =
        p.exchange.state() == ExchangeState.WRITTEN
                && (to != ExchangeState.FAILED || resultFile != null)
            ? pickedUp(p)
            : Future.succeededFuture();
    return before
        .compose(v -> store.finish(p.exchange.id(), to, now, resultFile, bytes, error))
        .compose(
            done -> {
              untrack(p);
              if (done.isEmpty()) {
                return store.find(p.exchange.id()).map(x -> Optional.<Exchange>empty());
              }
              Exchange e = done.get();
              metrics.outcome(e.kind(), e.state());
              if (e.state() == ExchangeState.ANSWERED) {
                Duration rt = Duration.between(e.writtenAt(), now);
                metrics.roundTrip(e.kind(), rt);
                lastGoodRoundTrip = rt;
                lastGoodAt = now;
                linkUp();
              }
              var event = e.state() == ExchangeState.ANSWERED ? LOG.atInfo() : LOG.atWarn();
              // The error may be the terminal's own text, which can name a patient: not logged.
              event
                  .addKeyValue("exchangeId", e.id())
                  .addKeyValue("kind", e.kind().label())
                  .addKeyValue("state", e.state().name())
                  .addKeyValue("file", e.requestFile())
                  .log("exchange finished");
              notifyOutcome(e);
              return Future.succeededFuture(done);
            });
  }

  private void untrack(Pending p) {
    vertx.cancelTimer(p.deadlineTimer);
    pending.remove(p.exchange.id());
    byRequestFile.remove(p.exchange.requestFile());
  }

  private void notifyOutcome(Exchange e) {
    files
        .executeBlocking(() -> toOutcome(e), false)
        .onSuccess(
            outcome -> {
              List<Promise<ExchangeOutcome>> ws = waiters.remove(e.id());
              if (ws != null) {
                ws.forEach(w -> w.tryComplete(outcome));
              }
              for (Consumer<ExchangeOutcome> l : outcomeListeners) {
                try {
                  l.accept(outcome);
                } catch (RuntimeException ex) {
                  LOG.atWarn().setCause(ex).log("an outcome listener failed");
                }
              }
            });
  }

  private ExchangeOutcome toOutcome(Exchange e) {
    Optional<ParsedDocument> doc = Optional.empty();
    if (e.state() == ExchangeState.ANSWERED && e.resultBytes().isPresent()) {
      String name = e.resultFile().orElse(e.resultStem() + ".xml");
      if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
        try {
          doc = Optional.of(reader.parse(name, e.resultBytes().get()));
        } catch (Exception ex) {
          LOG.atWarn().addKeyValue("exchangeId", e.id()).log("stored result no longer parses");
        }
      }
    }
    return new ExchangeOutcome(e, doc);
  }

  // ---------------------------------------------------------------- bulk re-ask

  private Future<Void> stillProcessing(Pending p) {
    if (p.exchange.reaskCount() >= config.reaskMax()) {
      return finish(
              p,
              ExchangeState.FAILED,
              null,
              null,
              "bulk result still processing (SegmentOfResult=2) after "
                  + p.exchange.reaskCount()
                  + " re-asks")
          .mapEmpty();
    }
    p.reasking = true;
    vertx.cancelTimer(p.deadlineTimer);
    LOG.atInfo()
        .addKeyValue("exchangeId", p.exchange.id())
        .addKeyValue("reask", p.exchange.reaskCount() + 1)
        .log("bulk result still processing; asking again later");
    long t =
        vertx.setTimer(
            Math.max(1, config.reaskInterval().toMillis()),
            id -> reask(p).onFailure(e -> LOG.atWarn().setCause(e).log("re-ask failed")));
    timers.add(t);
    return Future.succeededFuture();
  }

  private Future<Void> reask(Pending p) {
    if (closed || !pending.containsKey(p.exchange.id())) {
      return Future.succeededFuture();
    }
    Exchange old = p.exchange;
    return files
        .executeBlocking(() -> reader.parse(old.requestFile(), old.requestBytes()), false)
        .compose(
            doc ->
                allocateName(old.kind(), 0)
                    .compose(
                        name -> {
                          byte[] bytes;
                          try {
                            bytes =
                                OqsXmlWriter.write(
                                    doc.root(), OqsCharset.fromDeclared(old.requestCharset()));
                          } catch (Exception e) {
                            return Future.failedFuture(e);
                          }
                          Instant now = Instant.now();
                          return store
                              .reask(
                                  old.id(),
                                  old.requestFile(),
                                  name,
                                  bytes,
                                  now,
                                  now.plus(config.timeout(old.kind())))
                              .compose(
                                  updated -> {
                                    if (updated.isEmpty()) {
                                      untrack(p);
                                      return Future.<Exchange>succeededFuture();
                                    }
                                    byRequestFile.remove(old.requestFile());
                                    p.exchange = updated.get();
                                    p.reasking = false;
                                    p.problem = null;
                                    byRequestFile.put(name, p);
                                    armDeadline(p);
                                    return writeRequest(updated.get(), bytes);
                                  });
                        }))
        .recover(
            e ->
                finish(
                        p,
                        ExchangeState.FAILED,
                        null,
                        null,
                        "could not ask again for the bulk result: " + e.getMessage())
                    .map(x -> null))
        .mapEmpty();
  }

  // ---------------------------------------------------------------- deadlines

  private void onDeadline(Pending p) {
    if (closed) {
      return;
    }
    // One more look first: an answer that just landed wins over the deadline.
    scanner
        .scanNow()
        .onComplete(
            ignored -> {
              if (closed || !pending.containsKey(p.exchange.id()) || p.reasking) {
                return;
              }
              if (scanner.settling(p.exchange.requestFile())
                  && p.deadlineLooks < MAX_DEADLINE_LOOKS) {
                // Its answer is in res/ but was seen only once (e.g. it landed while the gateway
                // was down and the deadline passed meanwhile): one stable read decides, not the
                // clock.
                p.deadlineLooks++;
                p.deadlineTimer =
                    vertx.setTimer(config.stableDelay().toMillis() + 20, id -> onDeadline(p));
                return;
              }
              expire(p)
                  .onFailure(
                      e ->
                          LOG.atWarn()
                              .setCause(e)
                              .addKeyValue("exchangeId", p.exchange.id())
                              .log("could not record the deadline; trying again at the next one"));
            });
  }

  private Future<Void> expire(Pending p) {
    long seconds = config.timeout(p.exchange.kind()).toSeconds();
    if (p.exchange.state() == ExchangeState.WRITTEN) {
      Path file = config.reqDir().resolve(p.exchange.requestFile());
      p.withdrawing = true;
      return files
          .executeBlocking(() -> Files.deleteIfExists(file), false)
          .compose(
              withdrawn -> {
                if (withdrawn) {
                  linkDown("a request was never picked up; withdrawn from req/");
                  return finish(
                          p,
                          ExchangeState.FAILED,
                          null,
                          null,
                          "link program not picking up files: request withdrawn from req/ after "
                              + seconds
                              + " s")
                      .mapEmpty();
                }
                p.withdrawing = false;
                return pickedUp(p).compose(v -> unanswered(p, seconds));
              });
    }
    return unanswered(p, seconds);
  }

  private Future<Void> unanswered(Pending p, long seconds) {
    ExchangeState to =
        p.exchange.kind().bulkPhase2() ? ExchangeState.TIMED_OUT : ExchangeState.OUTCOME_UNKNOWN;
    String error =
        "picked up by the terminal but not answered within "
            + seconds
            + " s"
            + (p.problem == null ? "" : "; " + p.problem);
    return finish(p, to, null, null, error).mapEmpty();
  }

  // ---------------------------------------------------------------- liveness

  private void linkUp() {
    if (state != LinkStatus.State.UP) {
      state = LinkStatus.State.UP;
      stateReason = "requests are picked up";
      LOG.atInfo().log("terminal link up: requests are picked up");
    }
  }

  private void linkDown(String reason) {
    if (state != LinkStatus.State.DOWN) {
      state = LinkStatus.State.DOWN;
      stateReason = reason;
      LOG.atWarn().addKeyValue("reason", reason).log("terminal link down");
    }
  }

  private LinkStatus statusNow() {
    Instant now = Instant.now();
    Optional<Duration> oldest =
        pending.values().stream()
            .map(p -> Duration.between(p.exchange.writtenAt(), now))
            .max(Duration::compareTo);
    return new LinkStatus(
        state,
        Optional.ofNullable(stateReason),
        Optional.ofNullable(lastGoodRoundTrip),
        Optional.ofNullable(lastGoodAt),
        pending.size(),
        oldest);
  }

  private void maybeProbe() {
    if (closed
        || !pending.isEmpty()
        || Duration.between(lastActivity, Instant.now()).compareTo(config.probeIdle()) < 0) {
      return;
    }
    OqsRequest probe =
        new OqsRequest(
            RequestKind.MUQUC02,
            RequestDocuments.probe(config.probeInstitutionCode()),
            config.requestCharset());
    submitInternal(probe, null, true)
        .onFailure(e -> LOG.atWarn().setCause(e).log("could not send the liveness probe"));
  }

  // ---------------------------------------------------------------- helpers

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
    return scanner.scans();
  }

  double unmatched(Unmatched reason) {
    return metrics.unmatchedCount(reason);
  }

  LinkConfig config() {
    return config;
  }
}
