package jp.oqsgateway.gateway.qualification.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.oqs.message.QualificationSearch;
import jp.oqsgateway.gateway.oqs.message.SingleCheckRequest;
import jp.oqsgateway.gateway.oqs.simulator.ChartIdentity;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;

/**
 * Real OQS answers for the simulator's fictitious persons, decoded with the typed codec: a My
 * Number card reading at the face reader (written synchronously by the simulator) or a card-number
 * check through the simulator's folders. Also the chart record a clinic holds for a person.
 */
final class SimulatedQualifications implements AutoCloseable {
  static final SimulatedPopulation POPULATION = SimulatedPopulation.standard();
  static final ZoneId JST = ZoneId.of("Asia/Tokyo");

  /** 2025-06-02, the day after the population's timeline base. */
  static final LocalDate AS_OF = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);

  private final TerminalSimulator sim;
  private final AtomicInteger seq = new AtomicInteger();

  SimulatedQualifications(Path root) {
    Instant now = at(AS_OF);
    sim =
        new TerminalSimulator(
            SimulatorOptions.defaults(root)
                .withPickupDelay(Duration.ofMillis(5))
                .withClock(Clock.fixed(now, ZoneOffset.UTC)),
            POPULATION);
  }

  /** 10:00 JST on that day. */
  static Instant at(LocalDate day) {
    return day.atTime(LocalTime.of(10, 0)).atZone(JST).toInstant();
  }

  /** The face-reader result of the person's My Number card read at 10:00 on {@code day}. */
  QualificationResultMessage cardReading(SimulatedPerson p, LocalDate day) throws Exception {
    Path file = sim.simulateCardReading(p.id(), at(day));
    return (QualificationResultMessage) OqsCodec.decode(new OqsXmlReader().read(file));
  }

  QualificationResultMessage cardReading(SimulatedPerson p) throws Exception {
    return cardReading(p, AS_OF);
  }

  /**
   * {@code OQSsiquc01} with the numbers the chart holds (for an insurer change: the old card), as
   * of {@link #AS_OF}, through the running simulator's req/res folders.
   */
  QualificationResultMessage cardCheck(SimulatedPerson p) throws Exception {
    sim.start();
    ChartIdentity c = p.chart();
    QualificationSearch search =
        new QualificationSearch(
            InsurerNumber.parse(c.insurerNumber()).orElseThrow(),
            Optional.ofNullable(c.symbol()),
            c.number(),
            Optional.ofNullable(c.branch()),
            p.birthDate(),
            Coded.of(LimitConsentFlag.CONSENTED),
            Optional.of(c.patientId()));
    byte[] request =
        OqsCodec.encode(
            new SingleCheckRequest(
                AS_OF, SimulatorOptions.DEFAULT_INSTITUTION, Optional.empty(), search),
            OqsCharset.SHIFT_JIS);
    String name = String.format("OQSsiquc01req_20250602%04d.xml", seq.incrementAndGet());
    Path res = sim.options().res().resolve(name.replace("req_", "res_"));
    try (WatchService watch = res.getFileSystem().newWatchService()) {
      sim.options().res().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      Path tmp = sim.options().req().resolve("." + name + ".tmp");
      Files.write(tmp, request);
      Files.move(tmp, sim.options().req().resolve(name), StandardCopyOption.ATOMIC_MOVE);
      awaitFile(watch, res);
    }
    return (QualificationResultMessage) OqsCodec.decode(new OqsXmlReader().read(res));
  }

  private static void awaitFile(WatchService watch, Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no result file " + file.getFileName());
      }
      WatchKey key = watch.poll(50, TimeUnit.MILLISECONDS);
      if (key != null) {
        key.pollEvents();
        key.reset();
      }
    }
  }

  /**
   * What the clinic's chart holds: the simulator's chart identity (the real character where OQS
   * sends ●, full-width kana, the chart's address, the numbers of the card last copied), the post
   * number and 本人/家族 of that card, and no ratios, 限度額 or 特定疾病 (tests add those).
   */
  static ChartInsuranceRecord chartOf(SimulatedPerson p) {
    ChartIdentity c = p.chart();
    Optional<Coverage> card = p.chartCard();
    return ChartInsuranceRecord.builder()
        .insurerNumber(c.insurerNumber())
        .symbol(c.symbol())
        .number(c.number())
        .branch(c.branch())
        .personalFamily(
            card.map(Coverage::personalFamily)
                .flatMap(PersonalFamilyClassification::fromCode)
                .orElse(null))
        .name(c.name())
        .nameKana(c.nameKana())
        .birthDate(c.birthDate())
        .address(c.address())
        .postNumber(p.postNumber())
        .validFrom(card.map(Coverage::validDate).orElse(null))
        .build();
  }

  @Override
  public void close() throws IOException {
    sim.close();
  }
}
