package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Consents;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Flag;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * My Number cards read at the face reader: the result the terminal pushes into {@code face/}
 * unasked, with the person's consents, and the reading remembered for drug and health-check viewing
 * (outpatient: until +24 h, §4.4).
 */
final class FaceCardReadings {
  private final SimulatorOptions options;
  private final SimulatedPopulation population;
  private final StateStore store;
  private final ResultElements results;
  private final ResultHeaders headers;
  private final ResultFiles files;
  private final SecureRandom random = new SecureRandom();

  FaceCardReadings(
      SimulatorOptions options,
      SimulatedPopulation population,
      StateStore store,
      ResultFiles files) {
    this.options = options;
    this.population = population;
    this.store = store;
    this.results = new ResultElements(options.institutionCode());
    this.headers = new ResultHeaders(options);
    this.files = files;
  }

  /**
   * Writes {@code face/OQSsiquc01res_face_<institution><20 hex>_<yyyyMMddHHmmss>.xml}
   * (OQS-PROTOCOL.md §1.2, §2.3) and remembers the consents.
   */
  Path read(String personId, Instant at) {
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
            headers.header(
                at,
                day,
                leaf("ArbitraryFileIdentifier", Base64.getEncoder().encodeToString(idBytes)),
                leaf("ReferenceClassification", "1"),
                leaf("SegmentOfResult", "1")),
            of(
                "MessageBody",
                ProcessingStatus.ok(),
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
      return ResultFiles.writeAtomically(options.face(), name, files.encode(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
