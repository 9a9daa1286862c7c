package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Match;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * 照会番号 registration, one ({@code OQSsiimm01}) or in bulk ({@code OQSmuimm}): remembers the clinic's
 * number for the one person holding the card numbers, so later answers carry it.
 */
final class ReferenceNumberRegistration {
  private final SimulatedPopulation population;
  private final StateStore store;
  private final ResultHeaders headers;

  ReferenceNumberRegistration(
      SimulatedPopulation population, StateStore store, ResultHeaders headers) {
    this.population = population;
    this.store = store;
    this.headers = headers;
  }

  XmlElement single(XmlElement root, Instant now) {
    XmlElement header = root.child("MessageHeader").orElseThrow();
    Optional<XmlElement> info = root.at("MessageBody", "ReferenceNumberRegistrationInfo");
    if (info.isEmpty()) {
      return headers.invalidRequest(root, now);
    }
    List<XmlElement> outcome = register(info.get());
    List<XmlElement> body = new ArrayList<>(outcome);
    body.add(info.get());
    return of(
        "XmlMsg",
        headers.header(
            now, null, ResultHeaders.echoIdentifier(header), leaf("SegmentOfResult", "1")),
        of("MessageBody", body));
  }

  List<XmlElement> bulkUnits(XmlElement upload) {
    List<XmlElement> units = new ArrayList<>();
    for (XmlElement info :
        upload.at("MessageBody").orElseThrow().children("ReferenceNumberRegistrationInfo")) {
      List<XmlElement> u = new ArrayList<>();
      u.add(info);
      u.addAll(register(info));
      units.add(of("BulkRegistrationUnit", u));
    }
    return units;
  }

  /** Registers one 照会番号; returns ProcessingResultStatus (and code/message on error). */
  private List<XmlElement> register(XmlElement info) {
    String ref = info.text("ReferenceNumber").orElse("");
    String number = info.text("InsuredIdentificationNumber").orElse("");
    if (ref.isEmpty() || ref.length() > 50 || number.isEmpty()) {
      return ProcessingStatus.error(SimulatedErrors.PERSON_INPUT, SimulatedErrors.MSG_PERSON_INPUT);
    }
    List<Match> found =
        population.byNumbers(
            info.rawText("InsurerNumber").orElse(""),
            info.text("InsuredCardSymbol").orElse(null),
            number,
            info.text("InsuredBranchNumber").orElse(null));
    if (found.size() != 1) {
      return ProcessingStatus.error(SimulatedErrors.NOT_FOUND, SimulatedErrors.MSG_NOT_FOUND);
    }
    String personId = found.get(0).person().id();
    store.update(s -> s.referenceNumbers.put(personId, ref));
    return List.of(ProcessingStatus.ok());
  }
}
