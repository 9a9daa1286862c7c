package jp.oqsgateway.gateway.homevisit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.oqs.message.ConsentedBulkRequest;
import jp.oqsgateway.gateway.oqs.message.DownloadRequest;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsMessage;
import jp.oqsgateway.gateway.oqs.message.ReceptionResult;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistrationRequest;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;

/**
 * The real simulated terminal, on folders of its own, driven through its files with the real codec
 * as the retrieval will drive it: a consent captured at home, a 照会番号 registered, and the two phases
 * of a consented-qualification retrieval decoded into the {@link BulkResult} the import takes.
 */
final class ConsentedTerminal implements AutoCloseable {
  /** 2025-06-02 10:00 JST. */
  static final Instant NOW = Instant.parse("2025-06-02T01:00:00Z");

  static final LocalDate TODAY = LocalDate.of(2025, 6, 2);

  final TerminalSimulator sim;
  private final SimulatorOptions options;
  private final AtomicInteger seq = new AtomicInteger();

  ConsentedTerminal(Path root, SimulatedPopulation people) {
    options =
        SimulatorOptions.defaults(root)
            .withPickupDelay(Duration.ofMillis(10))
            .withZipBulkResults(false)
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    sim = new TerminalSimulator(options, people).start();
  }

  /** The person's qualification on {@link #TODAY}. */
  static Coverage coverage(SimulatedPerson p) {
    return p.coverageOn(TODAY).orElseThrow();
  }

  /** People covered by health insurance on {@link #TODAY}, one of each kana and birth date. */
  static List<SimulatedPerson> insured(SimulatedPopulation people) {
    return people.persons().stream()
        .filter(p -> !p.hasTag("multiple") && !p.hasTag("notFound"))
        .filter(p -> p.coverageOn(TODAY).filter(c -> !c.isMedicalAid()).isPresent())
        .toList();
  }

  /** Registers {@code reference} for the person's qualification (OQSsiimm01). */
  void register(SimulatedPerson p, String reference) throws Exception {
    Coverage c = coverage(p);
    exchange(
        MessageKind.OQS_SIIMM01_REQ,
        new ReferenceNumberRegistrationRequest(
            SimulatorOptions.DEFAULT_INSTITUTION,
            Optional.empty(),
            new ReferenceNumberRegistration(
                reference,
                InsurerNumber.parse(c.paddedInsurerNumber()).orElseThrow(),
                Optional.ofNullable(c.symbol()),
                c.number(),
                Optional.ofNullable(c.branch())),
            List.of()));
  }

  /** 訪問診療等 (flag 2) or オンライン診療等 (flag 3) consents given between the two days. */
  BulkResult consented(MessageKind upload, LocalDate from, LocalDate to) throws Exception {
    MedicalTreatmentFlag flag =
        upload == MessageKind.OQS_MUHVQ01_REQ
            ? MedicalTreatmentFlag.HOME_VISIT
            : MedicalTreatmentFlag.ONLINE;
    return retrieve(
        upload,
        new ConsentedBulkRequest(
            upload,
            SimulatorOptions.DEFAULT_INSTITUTION,
            Optional.empty(),
            Optional.of(from),
            Optional.of(to),
            Optional.empty(),
            Optional.empty(),
            Optional.<YearMonth>empty(),
            Optional.of(Coded.of(flag)),
            List.of()));
  }

  /** Persons with a 医療扶助 qualification in the month (OQSmutic). */
  BulkResult medicalAid(YearMonth month) throws Exception {
    return retrieve(
        MessageKind.OQS_MUTIC01_REQ,
        new ConsentedBulkRequest(
            MessageKind.OQS_MUTIC01_REQ,
            SimulatorOptions.DEFAULT_INSTITUTION,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(month),
            Optional.empty(),
            List.of()));
  }

  private BulkResult retrieve(MessageKind upload, ConsentedBulkRequest request) throws Exception {
    ReceptionResult received = (ReceptionResult) exchange(upload, request);
    MessageKind download =
        switch (upload) {
          case OQS_MUHVQ01_REQ -> MessageKind.OQS_MUHVQ02_REQ;
          case OQS_MUONQ01_REQ -> MessageKind.OQS_MUONQ02_REQ;
          default -> MessageKind.OQS_MUTIC02_REQ;
        };
    return (BulkResult)
        exchange(
            download,
            new DownloadRequest(
                download,
                SimulatorOptions.DEFAULT_INSTITUTION,
                Optional.empty(),
                received.receptionNumber().orElseThrow(),
                List.of()));
  }

  /** Writes the request (temporary name, then rename), waits for its result and decodes it. */
  private OqsMessage exchange(MessageKind kind, OqsMessage request) throws Exception {
    String name =
        kind.prefix() + "20250602" + String.format("%04d", seq.incrementAndGet()) + ".xml";
    Path tmp = options.req().resolve("." + name + ".tmp");
    Files.write(tmp, OqsCodec.encode(request, OqsCharset.SHIFT_JIS));
    Files.move(tmp, options.req().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    Path result = options.res().resolve(name.replace("req_", "res_"));
    await("result " + result.getFileName())
        .atMost(Duration.ofSeconds(15))
        .until(() -> Files.exists(result));
    return OqsCodec.decode(new OqsXmlReader().read(result));
  }

  @Override
  public void close() {
    sim.stop();
  }
}
