package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.oqsgateway.gateway.oqs.simulator.Responder.Answer;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Consents;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Flag;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
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
  private final Responder responder;
  private final ResultElements results;
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong pickedUp = new AtomicLong();
  private final SecureRandom random = new SecureRandom();
  private volatile SimulatorJpkiCa ca;
  private ScheduledExecutorService worker;
  private Thread watcher;
  private WatchService watch;
  private volatile boolean running;

  public TerminalSimulator(SimulatorOptions options, SimulatedPopulation population) {
    this.options = options;
    this.population = population;
    this.store = new StateStore(options.root());
    this.faults = new FaultPlan(store);
    this.responder = new Responder(options, population, store);
    this.results = new ResultElements(options.institutionCode());
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
    return pickedUp.get();
  }

  /** Result files written so far. */
  public long answeredCount() {
    return answered.get();
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
      watch = options.req().getFileSystem().newWatchService();
      options
          .req()
          .register(
              watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + options.req(), e);
    }
    running = true;
    worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "oqs-sim-worker");
              t.setDaemon(true);
              return t;
            });
    watcher = new Thread(this::watchLoop, "oqs-sim-watch");
    watcher.setDaemon(true);
    watcher.start();
    LOG.info("simulated terminal watching {}", options.req());
    return this;
  }

  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    try {
      watch.close();
    } catch (IOException e) {
      LOG.warn("closing the watch service failed: {}", e.toString());
    }
    watcher.interrupt();
    worker.shutdownNow();
    try {
      watcher.join(5000);
      worker.awaitTermination(5, TimeUnit.SECONDS);
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
   * face/OQSsiquc01res_face_<institution><20 hex>_<yyyyMMddHHmmss>.xml} (REFERENCE §1.2, §2.3) and
   * remembers the consents (outpatient: viewing until +24 h, §4.4).
   */
  public Path simulateCardReading(String personId, Instant at) {
    SimulatedPerson p = population.require(personId);
    ConsentProfile cp = p.consents();
    LocalDate day = OqsDates.today(at);
    String consTime = OqsDates.dateTime(at.minusSeconds(4));
    String available = OqsDates.dateTime(at.minusSeconds(4).plusSeconds(24 * 3600));
    Flag yes = new Flag("1", consTime, available);
    Consents consents =
        new Consents(
            cp.limit() ? "1" : "0",
            cp.limit() ? consTime : null,
            cp.specificDiseases() ? new Flag("1", consTime, null) : Flag.NONE,
            cp.checkups() ? yes : Flag.NONE,
            cp.pharmacists() ? yes : Flag.NONE,
            cp.diagnosis() ? yes : Flag.NONE,
            cp.operation() ? yes : Flag.NONE);
    String ref = store.read().referenceNumbers.get(personId);
    Optional<Coverage> inForce = p.coverageOn(day);
    Optional<Coverage> shown =
        inForce.or(() -> p.coverages().stream().filter(c -> c.lostBy(day)).reduce((a, b) -> b));
    String validity =
        inForce
            .map(c -> c.isMedicalAid() && !c.medicalAid().ticketsRegistered() ? "6" : "1")
            .orElse(shown.isPresent() ? "2" : "4");
    byte[] idBytes = new byte[15];
    random.nextBytes(idBytes);
    XmlElement doc =
        of(
            "XmlMsg",
            of(
                "MessageHeader",
                leaf("ProcessExecutionTime", OqsDates.dateTime(at)),
                leaf("QualificationConfirmationDate", OqsDates.date(day)),
                leaf("MedicalInstitutionCode", options.institutionCode()),
                leaf("ArbitraryFileIdentifier", Base64.getEncoder().encodeToString(idBytes)),
                leaf("ReferenceClassification", "1"),
                leaf("SegmentOfResult", "1"),
                leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier())),
            of(
                "MessageBody",
                leaf("ProcessingResultStatus", "1"),
                leaf("QualificationValidity", validity),
                shown
                    .map(c -> of("ResultList", results.result(p, c, day, consents, ref)))
                    .orElse(null),
                leaf("PrescriptionIssueSelect", cp.prescriptionIssueSelect())));
    byte[] hex = new byte[10];
    random.nextBytes(hex);
    String name =
        "OQSsiquc01res_face_"
            + options.institutionCode()
            + HexFormat.of().formatHex(hex)
            + "_"
            + OqsDates.dateTime(at)
            + ".xml";
    store.update(s -> s.faceReadings.put(personId, new SimulatorState.FaceReading(at, cp)));
    try {
      Files.createDirectories(options.face());
      return writeAtomically(options.face(), name, encode(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path simulateCardReading(String personId) {
    return simulateCardReading(personId, options.clock().instant());
  }

  /** A consent captured with マイナ在宅受付Web for home-visit or online care (§4.5). */
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

  // ---- watching and answering ---------------------------------------------------------------

  private void watchLoop() {
    long scanMillis = Math.max(10, options.scanInterval().toMillis());
    while (running) {
      try {
        scan();
        var key = watch.poll(scanMillis, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("scan of {} failed: {}", options.req(), e.toString());
      }
    }
  }

  private void scan() {
    List<RequestName> found = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(options.req())) {
      for (Path p : dir) {
        RequestName.parse(p.getFileName().toString()).ifPresent(found::add);
      }
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", options.req(), e.toString());
      return;
    }
    for (RequestName name : found) {
      if (scheduled.add(name.fileName())) {
        try {
          worker.schedule(
              () -> pickUp(name), options.pickupDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
          scheduled.remove(name.fileName()); // shutting down
        }
      }
    }
  }

  private void pickUp(RequestName name) {
    Path file = options.req().resolve(name.fileName());
    try {
      if (faults.isDown(name)) {
        return; // the terminal does not pick anything up; the file stays in req/
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
        Files.delete(file);
      } catch (NoSuchFileException gone) {
        return;
      }
      pickedUp.incrementAndGet();
      FaultPlan.Decision decision = faults.decide(name);
      long delay = Math.max(decision.latencyMillis(), options.answerDelay().toMillis());
      worker.schedule(() -> respond(name, bytes, decision.fault()), delay, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      LOG.warn("pick-up of {} failed: {}", name.fileName(), e.toString());
    } finally {
      scheduled.remove(name.fileName());
    }
  }

  private void respond(RequestName name, byte[] request, FaultRule fault) {
    try {
      FaultType type = fault == null ? null : fault.type();
      if (type == FaultType.NO_ANSWER) {
        LOG.info("fault no-answer: {} picked up and dropped", name.fileName());
        return;
      }
      ParsedDocument doc;
      try {
        doc = new OqsXmlReader().parse(name.fileName(), request);
      } catch (OqsXmlException e) {
        writeErr(name, request, "XML形式が不正です: " + e.getMessage());
        return;
      }
      if (type == FaultType.ERR) {
        writeErr(name, request, "要求ファイルを処理できませんでした（シミュレータの障害注入）。");
        return;
      }
      if (type == FaultType.STILL_PROCESSING) {
        planStillProcessing(doc, fault.times());
      }
      List<Answer> answers = responder.answer(name, doc);
      for (Answer a : answers) {
        byte[] bytes = bytes(a);
        if (type == FaultType.MALFORMED) {
          bytes = java.util.Arrays.copyOf(bytes, Math.max(1, bytes.length / 2));
        } else if (type == FaultType.HOSTILE) {
          bytes = hostile(bytes);
        } else if (type == FaultType.OVERSIZED) {
          bytes = oversized(bytes, fault.times() > 0 ? fault.times() : 33);
        }
        write(a.fileName(), bytes);
        if (type == FaultType.DUPLICATE) {
          byte[] again = bytes;
          worker.schedule(
              () -> write(a.fileName(), again),
              options.duplicateDelay().toMillis(),
              TimeUnit.MILLISECONDS);
        }
        if (type == FaultType.UNKNOWN_RESULT && a.xml() != null) {
          writeUnknown(name, a.xml());
        }
      }
    } catch (RuntimeException | IOException | UnencodableTextException e) {
      LOG.warn("answering {} failed: {}", name.fileName(), e.toString());
    }
  }

  /**
   * The result with a DOCTYPE inserted after the XML declaration: ten levels of ten-fold entities
   * and an external entity naming a local file, used in the body.
   */
  private byte[] hostile(byte[] result) {
    String text = new String(result, options.encoding().charset());
    int afterDecl = text.startsWith("<?xml") ? text.indexOf("?>") + 2 : 0;
    StringBuilder dtd = new StringBuilder("\n<!DOCTYPE XmlMsg [\n  <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i <= 10; i++) {
      dtd.append("  <!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i - 1) + ";").repeat(10))
          .append("\">\n");
    }
    dtd.append("  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>");
    String body =
        text.substring(afterDecl).replaceFirst("<MessageBody>", "<MessageBody>&lol10;&xxe;");
    return (text.substring(0, afterDecl) + dtd + body).getBytes(options.encoding().charset());
  }

  /** The result followed by whitespace up to {@code mib} MiB (still well-formed XML). */
  private static byte[] oversized(byte[] result, int mib) {
    byte[] padded = java.util.Arrays.copyOf(result, Math.max(result.length, mib * 1024 * 1024 + 1));
    java.util.Arrays.fill(padded, result.length, padded.length, (byte) ' ');
    return padded;
  }

  private void planStillProcessing(ParsedDocument doc, int times) {
    String number = doc.root().at("MessageBody").flatMap(b -> b.text("ReceptionNumber")).orElse("");
    store.update(
        s -> {
          SimulatorState.Reception r = s.receptions.get(number);
          if (r != null && !r.stillProcessingPlanned()) {
            s.receptions.put(
                number,
                new SimulatorState.Reception(
                    r.number(), r.kind(), r.requestFile(), r.receivedAt(), times, true));
          }
          return null;
        });
  }

  private void writeErr(RequestName name, byte[] request, String message) throws IOException {
    write(name.fileName(), request);
    write(name.errName(), message.getBytes(options.encoding().charset()));
  }

  private void writeUnknown(RequestName name, XmlElement answer)
      throws IOException, UnencodableTextException {
    byte[] id = new byte[6];
    random.nextBytes(id);
    String suffix = String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
    XmlElement stranger = replaceIdentifier(answer, "UNSENT-" + HexFormat.of().formatHex(id));
    write(name.kind() + "res_" + suffix + ".xml", OqsXmlWriter.write(stranger, options.encoding()));
  }

  private static XmlElement replaceIdentifier(XmlElement doc, String id) {
    List<XmlElement> top = new ArrayList<>();
    for (XmlElement c : doc.children()) {
      if (c.name().equals("MessageHeader")) {
        List<XmlElement> h = new ArrayList<>();
        boolean replaced = false;
        for (XmlElement f : c.children()) {
          if (f.name().equals("ArbitraryFileIdentifier")) {
            h.add(leaf("ArbitraryFileIdentifier", id));
            replaced = true;
          } else {
            h.add(f);
          }
        }
        if (!replaced) {
          h.add(Math.min(2, h.size()), leaf("ArbitraryFileIdentifier", id));
        }
        top.add(of("MessageHeader", h));
      } else {
        top.add(c);
      }
    }
    return of(doc.name(), top);
  }

  private byte[] bytes(Answer a) throws IOException, UnencodableTextException {
    if (a.raw() != null) {
      return a.raw();
    }
    byte[] xml = encode(a.xml());
    if (!a.zip()) {
      return xml;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      String entry = a.fileName().substring(0, a.fileName().length() - ".zip".length()) + ".xml";
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(xml);
      zip.closeEntry();
    }
    return out.toByteArray();
  }

  private byte[] encode(XmlElement doc) {
    try {
      return OqsXmlWriter.write(doc, options.encoding());
    } catch (UnencodableTextException e) {
      throw new IllegalStateException("simulated data not encodable: " + e.getMessage(), e);
    }
  }

  private void write(String fileName, byte[] bytes) {
    try {
      writeAtomically(options.res(), fileName, bytes);
      answered.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeAtomically(Path dir, String fileName, byte[] bytes) throws IOException {
    Path tmp = dir.resolve("." + fileName + ".tmp");
    Files.write(tmp, bytes);
    Path target = dir.resolve(fileName);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
