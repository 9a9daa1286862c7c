package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.ResultElements.opt;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Consents;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Lookup;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Match;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Insurance-card-number checks: the single check {@code OQSsiquc01} and the units of a bulk check
 * {@code OQSmuquc} (OQS-PROTOCOL.md §2.2, §2.5), both answered from a lookup as of the date asked
 * about.
 */
final class CardNumberChecks {
  private final SimulatedPopulation population;
  private final StateStore store;
  private final ResultElements results;
  private final ResultHeaders headers;

  CardNumberChecks(
      SimulatedPopulation population,
      StateStore store,
      ResultElements results,
      ResultHeaders headers) {
    this.population = population;
    this.store = store;
    this.results = results;
    this.headers = headers;
  }

  /**
   * A single card-number request as read: its header, its search block, the date asked about and
   * what the numbers find as of that date.
   */
  record SingleQuery(XmlElement header, XmlElement search, LocalDate asOf, Lookup lookup) {}

  XmlElement single(XmlElement root, Instant now) {
    Optional<SingleQuery> q = query(root);
    if (q.isEmpty()) {
      return headers.invalidRequest(root, now);
    }
    return answer(q.get(), now, limitOnly(q.get().search(), now), null);
  }

  /**
   * The request's search looked up as of its QualificationConfirmationDate; empty when a mandatory
   * item is missing or malformed (answered {@link ResultHeaders#invalidRequest}).
   */
  Optional<SingleQuery> query(XmlElement root) {
    Optional<XmlElement> header = root.child("MessageHeader");
    Optional<XmlElement> search = root.at("MessageBody", "QualificationConfirmSearchInfo");
    Optional<LocalDate> asOf =
        header.flatMap(h -> h.text("QualificationConfirmationDate")).flatMap(RequestFields::date);
    if (header.isEmpty() || search.isEmpty() || asOf.isEmpty() || !complete(search.get())) {
      return Optional.empty();
    }
    return Optional.of(
        new SingleQuery(header.get(), search.get(), asOf.get(), lookup(search.get(), asOf.get())));
  }

  /**
   * The single-check answer (§2.2): status 1, QualificationValidity, the search block echoed, and
   * one result a match, with these consent flags and 照会番号 (null: none).
   */
  XmlElement answer(SingleQuery q, Instant now, Consents consents, String referenceNumber) {
    List<XmlElement> list = matchResults(q.lookup(), q.asOf(), consents, referenceNumber);
    return of(
        "XmlMsg",
        header(q, now),
        of(
            "MessageBody",
            ProcessingStatus.ok(),
            leaf("QualificationValidity", q.lookup().validity()),
            q.search(),
            list.isEmpty() ? null : of("ResultList", list)));
  }

  /** A processing error for the person asked about: status 2, code and message, the echo. */
  XmlElement refused(SingleQuery q, Instant now, String code, String message) {
    List<XmlElement> body = new ArrayList<>(ProcessingStatus.error(code, message));
    body.add(q.search());
    return of("XmlMsg", header(q, now), of("MessageBody", body));
  }

  private XmlElement header(SingleQuery q, Instant now) {
    return headers.header(
        now,
        q.asOf(),
        ResultHeaders.echoIdentifier(q.header()),
        leaf("ReferenceClassification", "2"),
        leaf("SegmentOfResult", "1"));
  }

  /** The BulkConfirmUnits of an uploaded bulk check, with the 照会番号 of a single match. */
  List<XmlElement> bulkUnits(XmlElement upload, LocalDate asOf, Instant now) {
    List<XmlElement> units = new ArrayList<>();
    var refs = store.read().referenceNumbers;
    for (XmlElement search :
        upload.at("MessageBody").orElseThrow().children("QualificationConfirmSearchInfo")) {
      if (!complete(search)) {
        List<XmlElement> u = new ArrayList<>();
        u.add(search);
        u.addAll(
            ProcessingStatus.error(SimulatedErrors.PERSON_INPUT, SimulatedErrors.MSG_PERSON_INPUT));
        units.add(of("BulkConfirmUnit", u));
        continue;
      }
      Lookup lookup = lookup(search, asOf);
      List<XmlElement> u = new ArrayList<>();
      String ref =
          lookup.matches().size() == 1 ? refs.get(lookup.matches().get(0).person().id()) : null;
      u.add(opt("ReferenceNumber", ref));
      u.add(search);
      u.add(ProcessingStatus.ok());
      u.add(leaf("QualificationValidity", lookup.validity()));
      u.addAll(matchResults(lookup, asOf, limitOnly(search, now), null));
      units.add(of("BulkConfirmUnit", u));
    }
    return units;
  }

  /** One result a match, with these consent flags and 照会番号 (null: none). */
  private List<XmlElement> matchResults(
      Lookup lookup, LocalDate asOf, Consents consents, String referenceNumber) {
    List<XmlElement> list = new ArrayList<>();
    for (Match m : lookup.matches()) {
      list.add(results.result(m.person(), m.coverage(), asOf, consents, referenceNumber));
    }
    return list;
  }

  /** Card-number checks carry only the 限度額 consent flag the clinic sent (§4.4). */
  static Consents limitOnly(XmlElement search, Instant now) {
    return Consents.limitOnly(
        search.text("LimitApplicationCertificateRelatedConsFlg").orElse("0"),
        OqsDates.dateTime(now));
  }

  /** {@code q} as if asked with the numbers of {@code c}, a qualification {@code p} holds. */
  SingleQuery lookupOf(SingleQuery q, SimulatedPerson p, Coverage c) {
    return new SingleQuery(
        q.header(),
        q.search(),
        q.asOf(),
        population.lookup(
            c.insurerNumber(), c.symbol(), c.number(), c.branch(), p.birthDate(), q.asOf()));
  }

  private Lookup lookup(XmlElement search, LocalDate asOf) {
    return population.lookup(
        search.rawText("InsurerNumber").orElse(""),
        search.text("InsuredCardSymbol").orElse(null),
        search.text("InsuredIdentificationNumber").orElse(""),
        search.text("InsuredBranchNumber").orElse(null),
        RequestFields.date(search.text("Birthdate").orElse("")).orElse(LocalDate.MIN),
        asOf);
  }

  private static boolean complete(XmlElement search) {
    return search.text("InsurerNumber").isPresent()
        && search.text("InsuredIdentificationNumber").isPresent()
        && search.text("Birthdate").flatMap(RequestFields::date).isPresent();
  }
}
