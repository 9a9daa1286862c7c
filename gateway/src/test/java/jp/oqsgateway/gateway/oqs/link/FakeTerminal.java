package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.QualificationSearch;
import jp.oqsgateway.gateway.oqs.message.SingleCheckRequest;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Lookup;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Match;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test-only stand-in for the terminal's link program, at the file level. Passive (the tests of
 * {@link OqsLinkTest} drive it): takes request files out of req/ (by deleting them), writes results
 * into res/ (partially, completely, as .err, zipped, twice), or does nothing at all. Active after
 * {@link #start} (the contract): takes every request itself and answers for the simulator's
 * fictitious persons from its own minimal rendering, with the planned faults. All data is
 * fictitious.
 */
final class FakeTerminal implements ContractTerminal {
  private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;
  static final String INSTITUTION = "1319876540";
  static final Duration WAIT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(FakeTerminal.class);
  private static final String ERR_TEXT = "E0001 要求ファイルの形式が不正です（フェイク端末）";

  private final Path req;
  private final Path res;
  private final Path face;

  /** What the active terminal does to the next request of a kind. */
  private record Plan(Fault fault, Duration latency, int stillProcessing) {}

  private final Map<RequestKind, Deque<Plan>> plans = new ConcurrentHashMap<>();
  private final Map<String, Integer> stillProcessing = new ConcurrentHashMap<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong receptions = new AtomicLong();
  private final AtomicLong strangers = new AtomicLong();
  private volatile boolean down;
  private ScheduledExecutorService worker;

  FakeTerminal(Path root) {
    this.req = root.resolve("req");
    this.res = root.resolve("res");
    this.face = root.resolve("face");
  }

  Path req() {
    return req;
  }

  Path res() {
    return res;
  }

  Path face() {
    return face;
  }

  /** Request files of that kind currently in req/ (never our temporaries). */
  List<Path> requestsInReq(String prefix) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(req, prefix + "req_*.xml")) {
      s.forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    found.sort(null);
    return found;
  }

  List<String> allNamesInReq() {
    try (var s = Files.list(req)) {
      return s.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a request of that kind and takes it away, as OQSComApp does. */
  ParsedDocument take(String prefix) {
    Path file =
        await("a " + prefix + " request in req/")
            .atMost(WAIT)
            .until(() -> requestsInReq(prefix).stream().findFirst().orElse(null), Objects::nonNull);
    try {
      ParsedDocument doc = new OqsXmlReader().read(file);
      Files.delete(file);
      return doc;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Takes a request away and moves it to res/ unprocessed, as the terminal does on errors. */
  ParsedDocument returnToRes(String prefix) {
    ParsedDocument doc = take(prefix);
    write(res.resolve(doc.fileName()), doc.raw());
    return doc;
  }

  static String resultName(ParsedDocument request, String extension) {
    return LinkFiles.resultStem(request.fileName()) + extension;
  }

  /** A result echoing the request's header fields (as the terminal does), in Shift_JIS. */
  static byte[] resultFor(ParsedDocument request, String segmentOfResult) {
    return resultFor(request, segmentOfResult, Map.of());
  }

  /**
   * A result's MessageHeader as the terminal writes it; no ReceptionNumber when {@code rn} is null.
   */
  private static XmlElement resultHeader(
      String institution, String afi, String rn, String segmentOfResult) {
    return XmlElement.of(
        "MessageHeader",
        XmlElement.leaf("ProcessExecutionTime", "20250602093018"),
        XmlElement.leaf("MedicalInstitutionCode", institution),
        XmlElement.leaf("ArbitraryFileIdentifier", afi),
        rn == null ? null : XmlElement.leaf("ReceptionNumber", rn),
        XmlElement.leaf("SegmentOfResult", segmentOfResult),
        XmlElement.leaf("CharacterCodeIdentifier", "1"));
  }

  /** Same, with header fields overridden (e.g. another ArbitraryFileIdentifier). */
  static byte[] resultFor(
      ParsedDocument request, String segmentOfResult, Map<String, String> overrides) {
    XmlElement header = request.root().child("MessageHeader").orElseThrow();
    String rn = RequestDocuments.receptionNumber(request.root()).orElse(null);
    XmlElement doc =
        XmlElement.of(
            "XmlMsg",
            resultHeader(
                overrides.getOrDefault(
                    "MedicalInstitutionCode", header.text("MedicalInstitutionCode").orElse("")),
                overrides.getOrDefault(
                    "ArbitraryFileIdentifier", header.text("ArbitraryFileIdentifier").orElse("")),
                rn,
                segmentOfResult),
            XmlElement.of(
                "MessageBody",
                XmlElement.leaf("ProcessingResultStatus", "1"),
                XmlElement.leaf("QualificationValidity", "1"),
                XmlElement.of(
                    "ResultList",
                    XmlElement.of(
                        "ResultOfQualificationConfirmation",
                        XmlElement.leaf("Name", "見本　花子"),
                        XmlElement.leaf("NameKana", "ﾐﾎﾝ ﾊﾅｺ"),
                        XmlElement.leaf("Birthdate", "19850412")))));
    try {
      return OqsXmlWriter.write(doc, OqsCharset.SHIFT_JIS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void writeResult(ParsedDocument request, byte[] bytes) {
    write(res.resolve(resultName(request, ".xml")), bytes);
  }

  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void append(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A face-reader result named like the real ones (§1.2), with that name timestamp. */
  Path writeFace(String timestamp, String hex20) {
    return writeFace(timestamp, hex20, UnaryOperator.identity());
  }

  /**
   * A face file whose text {@code edit} changed before it was written (written once: a link never
   * sees the file before the edit).
   */
  Path writeFace(String timestamp, String hex20, UnaryOperator<String> edit) {
    XmlElement doc =
        XmlElement.of(
            "XmlMsg",
            XmlElement.of(
                "MessageHeader",
                XmlElement.leaf("MedicalInstitutionCode", INSTITUTION),
                XmlElement.leaf("ArbitraryFileIdentifier", "Qm9ndXNJZGVudGlmaWVy"),
                XmlElement.leaf("ReferenceClassification", "1"),
                XmlElement.leaf("SegmentOfResult", "1")),
            XmlElement.of("MessageBody", XmlElement.leaf("ProcessingResultStatus", "1")));
    Path file =
        face.resolve("OQSsiquc01res_face_" + INSTITUTION + hex20 + "_" + timestamp + ".xml");
    try {
      Charset sjis = OqsCharset.SHIFT_JIS.charset();
      String text = new String(OqsXmlWriter.write(doc, OqsCharset.SHIFT_JIS), sjis);
      write(file, edit.apply(text).getBytes(sjis));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return file;
  }

  // ---------------------------------------------------------------- active mode (contract)

  /** Starts taking requests by itself every 20 ms, as the terminal's link program does. */
  @Override
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fake-terminal");
              t.setDaemon(true);
              return t;
            });
    worker.scheduleWithFixedDelay(this::serve, 0, 20, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (worker == null) {
      return;
    }
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker = null;
  }

  @Override
  public void inject(RequestKind kind, Fault fault) {
    plan(kind, new Plan(fault, Duration.ZERO, 0));
  }

  @Override
  public void injectLatency(RequestKind kind, Duration delay) {
    plan(kind, new Plan(null, delay, 0));
  }

  @Override
  public void injectStillProcessing(RequestKind kind, int times) {
    plan(kind, new Plan(null, Duration.ZERO, times));
  }

  private void plan(RequestKind kind, Plan plan) {
    plans.computeIfAbsent(kind, k -> new ConcurrentLinkedDeque<>()).add(plan);
  }

  @Override
  public void setDown(boolean down) {
    this.down = down;
  }

  @Override
  public long filesWritten() {
    return written.get();
  }

  @Override
  public String errText() {
    return ERR_TEXT;
  }

  private void serve() {
    if (down) {
      return;
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(req, "*req_*.xml")) {
      s.forEach(found::add);
    } catch (IOException e) {
      LOG.warn("fake terminal cannot list req/: {}", e.toString());
      return;
    }
    found.sort(null);
    for (Path file : found) {
      try {
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        act(new OqsXmlReader().parse(file.getFileName().toString(), bytes));
      } catch (NoSuchFileException gone) {
        // withdrawn by the link meanwhile
      } catch (Exception e) {
        LOG.warn("fake terminal failed on {}: {}", file.getFileName(), e.toString());
      }
    }
  }

  private void act(ParsedDocument request) throws Exception {
    RequestKind kind = RequestKind.ofFileName(request.fileName()).orElseThrow();
    Deque<Plan> queue = plans.get(kind);
    Plan plan = queue == null ? null : queue.poll();
    Fault fault = plan == null ? null : plan.fault();
    if (plan != null && plan.stillProcessing() > 0) {
      stillProcessing.putIfAbsent(
          RequestDocuments.receptionNumber(request.root()).orElse(""), plan.stillProcessing());
    }
    if (fault == Fault.NO_ANSWER) {
      return;
    }
    if (fault == Fault.ERR) {
      writeCounted(res.resolve(request.fileName()), request.raw());
      String stem = request.fileName().substring(0, request.fileName().length() - 4);
      writeCounted(res.resolve(stem + ".err"), ERR_TEXT.getBytes(OqsCharset.SHIFT_JIS.charset()));
      return;
    }
    if (plan != null && !plan.latency().isZero()) {
      worker.schedule(
          () -> {
            try {
              answer(request, null);
            } catch (Exception e) {
              LOG.warn("fake terminal failed on {}: {}", request.fileName(), e.toString());
            }
          },
          plan.latency().toMillis(),
          TimeUnit.MILLISECONDS);
      return;
    }
    answer(request, fault);
  }

  private void answer(ParsedDocument request, Fault fault) throws Exception {
    RequestKind kind = RequestKind.ofFileName(request.fileName()).orElseThrow();
    XmlElement answer = answerFor(kind, request);
    byte[] bytes = OqsXmlWriter.write(answer, OqsCharset.SHIFT_JIS);
    Path target = res.resolve(resultName(request, ".xml"));
    if (fault == Fault.MALFORMED) {
      bytes = Arrays.copyOf(bytes, bytes.length / 2);
    } else if (fault == Fault.HOSTILE) {
      bytes = hostile(bytes);
    } else if (fault == Fault.OVERSIZED) {
      int size = 2 * 1024 * 1024 + 1;
      int length = bytes.length;
      bytes = Arrays.copyOf(bytes, size);
      Arrays.fill(bytes, length, size, (byte) ' ');
    }
    writeCounted(target, bytes);
    if (fault == Fault.DUPLICATE) {
      // written again later, as a terminal re-writing its answer would: a new processing time
      byte[] again =
          OqsXmlWriter.write(
              withHeaderField(answer, "ProcessExecutionTime", "20250602235959"),
              OqsCharset.SHIFT_JIS);
      worker.schedule(() -> writeCounted(target, again), 300, TimeUnit.MILLISECONDS);
    }
    if (fault == Fault.UNKNOWN_RESULT) {
      String suffix = String.format("2099%08d", strangers.incrementAndGet());
      writeCounted(
          res.resolve(kind.prefix() + "res_" + suffix + ".xml"),
          OqsXmlWriter.write(
              withHeaderField(answer, "ArbitraryFileIdentifier", "UNSENT-" + suffix),
              OqsCharset.SHIFT_JIS));
    }
  }

  private XmlElement answerFor(RequestKind kind, ParsedDocument request) throws Exception {
    XmlElement header = request.root().child("MessageHeader").orElseThrow();
    String afi = header.text("ArbitraryFileIdentifier").orElse("");
    String institution = header.text("MedicalInstitutionCode").orElse("");
    return switch (kind) {
      case SIQUC01 -> singleResult((SingleCheckRequest) OqsCodec.decode(request));
      case MUQUC01 ->
          XmlElement.of(
              "XmlMsg",
              resultHeader(institution, afi, null, "1"),
              XmlElement.of(
                  "MessageBody",
                  XmlElement.leaf("ProcessingResultStatus", "1"),
                  XmlElement.leaf(
                      "ReceptionNumber",
                      String.format("20250602%012d", receptions.incrementAndGet())),
                  XmlElement.leaf("ReceptionDateTime", "20250602093018")));
      default -> {
        String rn = RequestDocuments.receptionNumber(request.root()).orElse("");
        Integer left = stillProcessing.computeIfPresent(rn, (k, n) -> n - 1);
        String segment = left != null && left >= 0 ? "2" : "1";
        yield XmlElement.of(
            "XmlMsg",
            resultHeader(institution, afi, rn.isEmpty() ? null : rn, segment),
            XmlElement.of("MessageBody", XmlElement.leaf("ProcessingResultStatus", "1")));
      }
    };
  }

  /**
   * The fake's own rendering of what OQS knows about the person asked for (OQS-PROTOCOL.md §2.2).
   */
  private static XmlElement singleResult(SingleCheckRequest request) {
    QualificationSearch q = request.search();
    LocalDate asOf = request.qualificationConfirmationDate();
    Lookup lookup =
        SimulatedRequests.POPULATION.lookup(
            q.insurerNumber().digits(),
            q.insuredCardSymbol().orElse(null),
            q.insuredIdentificationNumber(),
            q.insuredBranchNumber().orElse(null),
            q.birthdate(),
            asOf);
    List<XmlElement> results = new ArrayList<>();
    for (Match m : lookup.matches()) {
      Coverage c = m.coverage();
      Coverage.Elderly el = c.elderly();
      boolean elderly = el != null && !asOf.isBefore(el.from()) && !asOf.isAfter(el.until());
      results.add(
          XmlElement.of(
              "ResultOfQualificationConfirmation",
              XmlElement.leaf("InsuredCardClassification", c.cardClassification()),
              XmlElement.leaf("InsurerNumber", c.paddedInsurerNumber()),
              c.symbol() == null ? null : XmlElement.leaf("InsuredCardSymbol", c.symbol()),
              XmlElement.leaf("InsuredIdentificationNumber", c.number()),
              c.branch() == null ? null : XmlElement.leaf("InsuredBranchNumber", c.branch()),
              XmlElement.leaf("Name", m.person().name()),
              XmlElement.leaf("NameKana", m.person().nameKana()),
              XmlElement.leaf("Sex1", m.person().sex()),
              XmlElement.leaf("Birthdate", BASIC.format(m.person().birthDate())),
              XmlElement.leaf("InsurerName", c.insurerName()),
              elderly
                  ? XmlElement.of(
                      "ElderlyRecipientCertificateInfo",
                      XmlElement.leaf("ElderlyRecipientContributionRatio", el.ratio()))
                  : null));
    }
    return XmlElement.of(
        "XmlMsg",
        XmlElement.of(
            "MessageHeader",
            XmlElement.leaf("ProcessExecutionTime", "20250602093018"),
            XmlElement.leaf("QualificationConfirmationDate", BASIC.format(asOf)),
            XmlElement.leaf("MedicalInstitutionCode", request.medicalInstitutionCode()),
            XmlElement.leaf(
                "ArbitraryFileIdentifier", request.arbitraryFileIdentifier().orElse("")),
            XmlElement.leaf("ReferenceClassification", "2"),
            XmlElement.leaf("SegmentOfResult", "1"),
            XmlElement.leaf("CharacterCodeIdentifier", "1")),
        XmlElement.of(
            "MessageBody",
            XmlElement.leaf("ProcessingResultStatus", "1"),
            XmlElement.leaf("QualificationValidity", lookup.validity()),
            results.isEmpty() ? null : XmlElement.of("ResultList", results)));
  }

  private static XmlElement withHeaderField(XmlElement doc, String field, String value) {
    List<XmlElement> top = new ArrayList<>();
    for (XmlElement c : doc.children()) {
      if (!c.name().equals("MessageHeader")) {
        top.add(c);
        continue;
      }
      List<XmlElement> fields = new ArrayList<>();
      for (XmlElement f : c.children()) {
        fields.add(f.name().equals(field) ? XmlElement.leaf(field, value) : f);
      }
      top.add(XmlElement.of("MessageHeader", fields));
    }
    return XmlElement.of(doc.name(), top);
  }

  /** A DOCTYPE with a billion-laughs entity tree and an external entity, used in the body. */
  static byte[] hostile(byte[] result) {
    String text = new String(result, OqsCharset.SHIFT_JIS.charset());
    int afterDecl = text.indexOf("?>") + 2;
    StringBuilder dtd = new StringBuilder("<!DOCTYPE XmlMsg [<!ENTITY a0 \"ha\">");
    for (int i = 1; i <= 9; i++) {
      dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10));
      dtd.append("\">");
    }
    dtd.append("<!ENTITY ext SYSTEM \"file:///etc/hostname\">]>");
    String body = text.substring(afterDecl).replaceFirst("<MessageBody>", "<MessageBody>&a9;&ext;");
    return (text.substring(0, afterDecl) + dtd + body).getBytes(OqsCharset.SHIFT_JIS.charset());
  }

  private void writeCounted(Path file, byte[] bytes) {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      written.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
