package jp.oqsgateway.gateway.oqs.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the 資格確認端末's connecting application (OQSComApp) on a shared folder: picks up request files
 * from {@code req/} (they disappear, as with the real terminal), answers into {@code res/} under
 * the {@code req_}→{@code res_} name (temporary name, then rename), and pushes card readings into
 * {@code face/}. Test and demo only: production code never depends on this package.
 *
 * <p>Threads: one watcher ({@code oqs-sim-watch}: WatchService plus a periodic scan) and one worker
 * ({@code oqs-sim-worker}) that picks up, answers and writes in order. Mutable state lives in
 * {@code <root>/.simulator/state.json}, so other processes can change consents and faults.
 */
public final class TerminalSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TerminalSimulator.class);

  private final SimulatorOptions options;
  private final SimulatedPopulation population;
  private final StateStore store;
  private final FaultPlan faults;
  private final ResultFiles files;
  private final RequestPipeline pipeline;
  private final RequestFolderWatcher watcher;
  private final FaceCardReadings faceReadings;
  private volatile SimulatorJpkiCa ca;
  private volatile boolean running;

  public TerminalSimulator(SimulatorOptions options, SimulatedPopulation population) {
    this.options = options;
    this.population = population;
    this.store = new StateStore(options.root());
    this.faults = new FaultPlan(store);
    this.files = new ResultFiles(options);
    this.pipeline =
        new RequestPipeline(
            options,
            faults,
            new Responder(options, population, store),
            files,
            new FaultEffects(options, store, files));
    this.watcher = new RequestFolderWatcher(options, pipeline::offer);
    this.faceReadings = new FaceCardReadings(options, population, store, files);
  }

  /** The standard population on a folder, with default options. */
  public static TerminalSimulator create(Path root) {
    return new TerminalSimulator(SimulatorOptions.defaults(root), SimulatedPopulation.standard());
  }

  public SimulatorOptions options() {
    return options;
  }

  public SimulatedPopulation population() {
    return population;
  }

  public FaultPlan faults() {
    return faults;
  }

  /** Requests picked up so far (including those never answered). */
  public long pickedUpCount() {
    return pipeline.pickedUpCount();
  }

  /** Result files written so far. */
  public long answeredCount() {
    return files.writtenCount();
  }

  /** Creates the folders and starts watching {@code req/}. */
  public synchronized TerminalSimulator start() {
    if (running) {
      return this;
    }
    try {
      Files.createDirectories(options.req());
      Files.createDirectories(options.res());
      Files.createDirectories(options.face());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + options.req(), e);
    }
    watcher.open();
    running = true;
    pipeline.start();
    watcher.start();
    LOG.info("simulated terminal watching {}", options.req());
    return this;
  }

  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    watcher.stop();
    pipeline.shutdownNow();
    try {
      watcher.join();
      pipeline.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ---- operator / test API ------------------------------------------------------------------

  /**
   * A My Number card read at the face reader now-ish: writes {@code
   * face/OQSsiquc01res_face_<institution><20 hex>_<yyyyMMddHHmmss>.xml} (OQS-PROTOCOL.md §1.2,
   * §2.3) and remembers the consents (outpatient: viewing until +24 h, §4.4).
   */
  public Path simulateCardReading(String personId, Instant at) {
    return faceReadings.read(personId, at);
  }

  public Path simulateCardReading(String personId) {
    return simulateCardReading(personId, options.clock().instant());
  }

  /**
   * A consent captured with マイナ在宅受付Web for home-visit or online care (§4.5). A home-visit one lets
   * re-inquiries for the person be answered within its window ({@link HomeVisitReinquiries}).
   */
  public HomeVisitConsent recordHomeVisitConsent(
      String personId, LocalDate date, Set<ConsentScope> scope, CareMode mode) {
    population.require(personId);
    HomeVisitConsent c =
        new HomeVisitConsent(personId, mode, date, scope, options.clock().instant(), null);
    store.update(s -> s.consents.put(SimulatorState.consentKey(personId, mode), c));
    return c;
  }

  /** "すべての同意を取消す": withdraws the person's home-visit and online consents (§2.10). */
  public void withdrawConsent(String personId) {
    population.require(personId);
    Instant now = options.clock().instant();
    store.update(
        s -> {
          s.consents.replaceAll(
              (k, c) ->
                  c.personId().equals(personId) && !c.withdrawn()
                      ? new HomeVisitConsent(
                          c.personId(), c.mode(), c.date(), c.scope(), c.recordedAt(), now)
                      : c);
          return null;
        });
  }

  /** The consents currently stored (withdrawn ones included, marked). */
  public List<HomeVisitConsent> consents() {
    return List.copyOf(store.read().consents.values());
  }

  /** The 照会番号 registered for a person, if any. */
  public Optional<String> referenceNumber(String personId) {
    return Optional.ofNullable(store.read().referenceNumbers.get(personId));
  }

  /** The simulator's test CA under {@code <root>/.simulator/ca/}, created on first use. */
  public SimulatorJpkiCa ca() {
    SimulatorJpkiCa c = ca;
    if (c == null) {
      synchronized (this) {
        if (ca == null) {
          ca = SimulatorJpkiCa.open(store.dir().resolve("ca"));
        }
        c = ca;
      }
    }
    return c;
  }
}
