package jp.oqsgateway.gateway.oqs.simulator;

import java.time.Instant;
import java.util.List;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Computes the terminal's answer to one request document (OQS-PROTOCOL.md §2.2–§2.9, and the
 * home-visit re-inquiry of §2.7 as reconstructed: {@link HomeVisitReinquiries}): refuses another
 * institution's requests and unknown kinds, and hands each message family to its own class. Pure
 * with respect to the folders: it returns the result documents; {@link TerminalSimulator} writes
 * them.
 */
final class Responder {
  /** A result to write: an XML tree (optionally zipped) or raw bytes (PDF). */
  record Answer(String fileName, XmlElement xml, byte[] raw, boolean zip) {}

  private final SimulatorOptions options;
  private final ResultHeaders headers;
  private final CardNumberChecks checks;
  private final HomeVisitReinquiries reinquiries;
  private final ReferenceNumberRegistration registration;
  private final BulkReceptions bulk;
  private final MedicalInfoRequests medicalInfo;

  Responder(SimulatorOptions options, SimulatedPopulation population, StateStore store) {
    this.options = options;
    ResultElements results = new ResultElements(options.institutionCode());
    this.headers = new ResultHeaders(options);
    this.checks = new CardNumberChecks(population, store, results, headers);
    this.reinquiries = new HomeVisitReinquiries(store, checks, headers);
    this.registration = new ReferenceNumberRegistration(population, store, headers);
    this.bulk =
        new BulkReceptions(
            options,
            store,
            headers,
            checks,
            registration,
            new ConsentedBulkUnits(population, store, results));
    this.medicalInfo = new MedicalInfoRequests(population, store);
  }

  List<Answer> answer(RequestName name, ParsedDocument doc) {
    XmlElement root = doc.root();
    Instant now = options.clock().instant();
    String institution =
        root.at("MessageHeader").flatMap(h -> h.text("MedicalInstitutionCode")).orElse("");
    if (!name.isDrugOrCheckup() && !institution.equals(options.institutionCode())) {
      return List.of(
          xml(
              name,
              headers.error(
                  root,
                  now,
                  SimulatedErrors.WRONG_INSTITUTION,
                  SimulatedErrors.MSG_WRONG_INSTITUTION)));
    }
    if (HomeVisitReinquiries.asks(name.kind(), root)) {
      return List.of(xml(name, reinquiries.answer(root, now)));
    }
    return switch (name.kind()) {
      case "OQSsiquc01" -> List.of(xml(name, checks.single(root, now)));
      case "OQSsiimm01" -> List.of(xml(name, registration.single(root, now)));
      case "OQSmuquc01", "OQSmuimm01", "OQSmuhvq01", "OQSmuonq01", "OQSmutic01" ->
          List.of(xml(name, bulk.receive(name, doc, now)));
      case "OQSmuquc02", "OQSmuimm02", "OQSmuhvq02", "OQSmuonq02", "OQSmutic02" ->
          List.of(bulk.download(name, root, now));
      case "YZKsiquc01", "TKKsiquc01" -> List.of(medicalInfo.answer(name, root, now));
      default ->
          List.of(
              xml(
                  name,
                  headers.error(
                      root, now, SimulatedErrors.UNKNOWN_KIND, SimulatedErrors.MSG_UNKNOWN_KIND)));
    };
  }

  /** The result document under the request's {@code res_} name with {@code .xml}. */
  static Answer xml(RequestName name, XmlElement doc) {
    return new Answer(name.resultName(".xml"), doc, null, false);
  }
}
