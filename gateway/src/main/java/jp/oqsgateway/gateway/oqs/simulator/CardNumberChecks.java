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
 * {@code OQSmuquc} (REFERENCE §2.2, §2.5), both answered from a lookup as of the date asked about.
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

  XmlElement single(XmlElement root, Instant now) {
    XmlElement header = root.child("MessageHeader").orElseThrow();
    Optional<XmlElement> search = root.at("MessageBody", "QualificationConfirmSearchInfo");
    Optional<LocalDate> asOf =
        header.text("QualificationConfirmationDate").flatMap(RequestFields::date);
    if (search.isEmpty() || asOf.isEmpty() || !complete(search.get())) {
      return headers.invalidRequest(root, now);
    }
    Lookup lookup = lookup(search.get(), asOf.get());
    List<XmlElement> list = matchResults(search.get(), lookup, asOf.get(), now);
    XmlElement head =
        headers.header(
            now,
            asOf.get(),
            ResultHeaders.echoIdentifier(header),
            leaf("ReferenceClassification", "2"),
            leaf("SegmentOfResult", "1"));
    XmlElement body =
        of(
            "MessageBody",
            ProcessingStatus.ok(),
            leaf("QualificationValidity", lookup.validity()),
            search.get(),
            list.isEmpty() ? null : of("ResultList", list));
    return of("XmlMsg", head, body);
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
      u.addAll(matchResults(search, lookup, asOf, now));
      units.add(of("BulkConfirmUnit", u));
    }
    return units;
  }

  /** One result a match, with only the 限度額 consent flag the clinic sent (§4.4). */
  private List<XmlElement> matchResults(
      XmlElement search, Lookup lookup, LocalDate asOf, Instant now) {
    String limitFlag = search.text("LimitApplicationCertificateRelatedConsFlg").orElse("0");
    List<XmlElement> list = new ArrayList<>();
    for (Match m : lookup.matches()) {
      list.add(
          results.result(
              m.person(),
              m.coverage(),
              asOf,
              Consents.limitOnly(limitFlag, OqsDates.dateTime(now)),
              null));
    }
    return list;
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
