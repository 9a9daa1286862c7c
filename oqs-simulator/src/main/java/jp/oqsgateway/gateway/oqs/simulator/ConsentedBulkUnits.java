package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.ResultElements.opt;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Consents;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * The units of the bulk answers that list persons instead of looking numbers up: those who
 * consented to home-visit ({@code OQSmuhvq}) or online ({@code OQSmuonq}) care, and those with a
 * 医療扶助 qualification in the month ({@code OQSmutic}).
 */
final class ConsentedBulkUnits {
  private final SimulatedPopulation population;
  private final StateStore store;
  private final ResultElements results;

  ConsentedBulkUnits(SimulatedPopulation population, StateStore store, ResultElements results) {
    this.population = population;
    this.store = store;
    this.results = results;
  }

  /** 訪問診療等 / オンライン診療等: persons who consented in the date range, not withdrawn (§2.6, §4.5). */
  List<XmlElement> consented(String family, XmlElement search, Instant now) {
    CareMode mode = family.equals("OQSmuhvq") ? CareMode.HOME_VISIT : CareMode.ONLINE;
    LocalDate[] range =
        RequestFields.range(search, "ConsentDate")
            .or(() -> RequestFields.range(search, "ExaminationDate"))
            .orElseThrow();
    SimulatorState state = store.read();
    LocalDate today = OqsDates.today(now);
    List<XmlElement> units = new ArrayList<>();
    for (HomeVisitConsent c : state.consents.values()) {
      if (c.mode() != mode
          || c.withdrawn()
          || c.date().isBefore(range[0])
          || c.date().isAfter(range[1])) {
        continue;
      }
      Optional<SimulatedPerson> person = population.byId(c.personId());
      if (person.isEmpty()) {
        continue;
      }
      Consents consents = Consents.of(c, person.get(), now);
      units.add(
          personUnit(person.get(), today, consents, state.referenceNumbers.get(c.personId())));
    }
    return units;
  }

  /** 医療扶助 in the month: as of its last day, or the last/first day of a qualification in it. */
  List<XmlElement> medicalAid(YearMonth month) {
    SimulatorState state = store.read();
    List<XmlElement> units = new ArrayList<>();
    for (SimulatedPerson p : population.persons()) {
      for (Coverage c : p.coverages()) {
        if (!c.isMedicalAid()) {
          continue;
        }
        LocalDate asOf = month.atEndOfMonth();
        if (!c.coversOn(asOf)) {
          if (c.coversOn(month.atDay(1))) {
            asOf = c.disqualificationDate().minusDays(1);
          } else if (c.qualificationDate().getMonth() == month.getMonth()
              && c.qualificationDate().getYear() == month.getYear()) {
            asOf = c.qualificationDate();
          } else {
            continue;
          }
        }
        List<XmlElement> u = new ArrayList<>();
        u.add(opt("ReferenceNumber", state.referenceNumbers.get(p.id())));
        u.add(ProcessingStatus.ok());
        u.add(leaf("QualificationValidity", c.medicalAid().ticketsRegistered() ? "1" : "6"));
        u.add(
            results.result(
                p, c, asOf, new Consents(null, null, null, null, null, null, null), null));
        units.add(of("BulkConfirmUnit", u));
      }
    }
    return units;
  }

  /** One unit for a person as of a day: every qualification in force (insurance and 医療扶助). */
  private XmlElement personUnit(SimulatedPerson p, LocalDate day, Consents consents, String ref) {
    List<Coverage> inForce =
        p.coverages().stream().filter(c -> c.registeredInOqs() && c.coversOn(day)).toList();
    String validity;
    List<Coverage> shown;
    if (!inForce.isEmpty()) {
      shown = inForce;
      Coverage last = inForce.get(inForce.size() - 1);
      validity = last.isMedicalAid() && !last.medicalAid().ticketsRegistered() ? "6" : "1";
    } else {
      Optional<Coverage> lost =
          p.coverages().stream().filter(c -> c.lostBy(day)).reduce((a, b) -> b);
      shown = lost.map(List::of).orElse(List.of());
      validity = lost.isPresent() ? "2" : "4";
    }
    List<XmlElement> u = new ArrayList<>();
    u.add(opt("ReferenceNumber", ref));
    u.add(ProcessingStatus.ok());
    u.add(leaf("QualificationValidity", validity));
    for (Coverage c : shown) {
      u.add(results.result(p, c, day, consents, null));
    }
    return of("BulkConfirmUnit", u);
  }
}
