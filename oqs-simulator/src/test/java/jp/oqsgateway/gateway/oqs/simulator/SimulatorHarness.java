package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipInputStream;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/** Drives a running simulator through its folders only, as a gateway would. */
final class SimulatorHarness implements AutoCloseable {
  static final String INSTITUTION = "1319876540";

  /** 2025-06-02 10:00 JST. */
  static final Instant NOW = Instant.parse("2025-06-02T01:00:00Z");

  static final SimulatedPopulation POPULATION = SimulatedPopulation.standard();

  final Path root;
  final TerminalSimulator sim;
  private final WatchService resWatch;
  private final AtomicInteger seq = new AtomicInteger();

  SimulatorHarness(Path root, OqsCharset encoding, boolean zip) throws IOException {
    this.root = root;
    SimulatorOptions o =
        SimulatorOptions.defaults(root)
            .withEncoding(encoding)
            .withZipBulkResults(zip)
            .withPickupDelay(Duration.ofMillis(10))
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    sim = new TerminalSimulator(o, POPULATION).start();
    resWatch = root.getFileSystem().newWatchService();
    o.res()
        .register(
            resWatch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
  }

  SimulatorHarness(Path root) throws IOException {
    this(root, OqsCharset.SHIFT_JIS, false);
  }

  Path req() {
    return root.resolve("req");
  }

  Path res() {
    return root.resolve("res");
  }

  /** Writes a request (temp name, then rename) and returns its file name. */
  String send(String kind, XmlElement doc) throws Exception {
    String name = kind + "req_20250602" + String.format("%04d", seq.incrementAndGet()) + ".xml";
    sendAs(name, doc);
    return name;
  }

  void sendAs(String name, XmlElement doc) throws Exception {
    Path tmp = req().resolve("." + name + ".tmp");
    Files.write(tmp, OqsXmlWriter.write(doc, OqsCharset.SHIFT_JIS));
    Files.move(tmp, req().resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  static String resultName(String requestName) {
    return requestName.replace("req_", "res_");
  }

  /** Waits for the result of a request and parses it. */
  ParsedDocument await(String requestName) throws Exception {
    Path f = res().resolve(resultName(requestName));
    waitFor(() -> Files.exists(f), Duration.ofSeconds(10), "result " + f.getFileName());
    return new OqsXmlReader().read(f);
  }

  ParsedDocument send(String kind, XmlElement header, XmlElement body) throws Exception {
    return await(send(kind, of("XmlMsg", header, body)));
  }

  ParsedDocument awaitZip(String requestName) throws Exception {
    Path f = res().resolve(resultName(requestName).replace(".xml", ".zip"));
    waitFor(() -> Files.exists(f), Duration.ofSeconds(10), "zip " + f.getFileName());
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(f)))) {
      var entry = zip.getNextEntry();
      return new OqsXmlReader().parse(entry.getName(), zip.readAllBytes());
    }
  }

  /** Bounded wait on a condition, woken by changes in res/ (no fixed sleeps). */
  void waitFor(BooleanSupplier condition, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      var key = resWatch.poll(25, TimeUnit.MILLISECONDS);
      if (key != null) {
        key.pollEvents();
        key.reset();
      }
    }
  }

  static XmlElement header(String... extra) {
    List<XmlElement> h = new java.util.ArrayList<>();
    h.add(leaf("MedicalInstitutionCode", INSTITUTION));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      h.add(leaf(extra[i], extra[i + 1]));
    }
    return of("MessageHeader", h);
  }

  /** QualificationConfirmSearchInfo for a coverage of a person (numbers as on the card). */
  static XmlElement search(SimulatedPerson p, Coverage c, boolean withBranch, String limitFlag) {
    return of(
        "QualificationConfirmSearchInfo",
        leaf("InsurerNumber", c.paddedInsurerNumber()),
        c.symbol() == null ? null : leaf("InsuredCardSymbol", c.symbol()),
        leaf("InsuredIdentificationNumber", c.number()),
        withBranch && c.branch() != null ? leaf("InsuredBranchNumber", c.branch()) : null,
        leaf("Birthdate", OqsDates.date(p.birthDate())),
        leaf("LimitApplicationCertificateRelatedConsFlg", limitFlag),
        leaf("ArbitraryIdentifier", p.chart().patientId()));
  }

  /** A single card-number check of a coverage as of a day. */
  ParsedDocument check(SimulatedPerson p, Coverage c, LocalDate asOf, String limitFlag)
      throws Exception {
    return send(
        "OQSsiquc01",
        header(
            "QualificationConfirmationDate",
            OqsDates.date(asOf),
            "ArbitraryFileIdentifier",
            "GW-" + p.id() + "-" + seq.get()),
        of("MessageBody", search(p, c, true, limitFlag)));
  }

  /** Registers the person's chart id as 照会番号 for the coverage's numbers ({@code OQSsiimm01}). */
  ParsedDocument registerReferenceNumber(SimulatedPerson p, Coverage c, String identifier)
      throws Exception {
    return send(
        "OQSsiimm01",
        header("ArbitraryFileIdentifier", identifier),
        of(
            "MessageBody",
            of(
                "ReferenceNumberRegistrationInfo",
                leaf("ReferenceNumber", p.chart().patientId()),
                leaf("InsurerNumber", c.paddedInsurerNumber()),
                leaf("InsuredIdentificationNumber", c.number()))));
  }

  @Override
  public void close() throws IOException {
    sim.close();
    resWatch.close();
  }

  static String text(ParsedDocument d, String... path) {
    return d.root().at(path).map(XmlElement::trimmedText).orElse(null);
  }
}
