package jp.oqsgateway.gateway.testsupport;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;

/**
 * Bodies of {@code POST /api/v1/qualification-checks} as a chart system sends them for a simulated
 * person.
 */
public final class CheckBodies {
  /** The day after the population's timeline base: every person has coverage then. */
  public static final LocalDate AS_OF = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);

  private CheckBodies() {}

  /** The numbers of the coverage in force on {@link #AS_OF}, checked as of that day. */
  public static JsonObject forPerson(SimulatedPerson p) {
    return forPerson(p, AS_OF, AS_OF);
  }

  /** The numbers of the coverage in force on {@code numbersOn}, checked as of {@code asOf}. */
  public static JsonObject forPerson(SimulatedPerson p, LocalDate numbersOn, LocalDate asOf) {
    Coverage c = p.coverageOn(numbersOn).orElseThrow();
    JsonObject body =
        new JsonObject()
            .put("insurerNumber", c.insurerNumber().strip())
            .put("insuredIdentificationNumber", c.number())
            .put("birthdate", p.birthDate().toString())
            .put("confirmationDate", asOf.toString())
            .put("limitApplicationConsent", true)
            .put("chartPatientId", p.chart().patientId());
    if (c.symbol() != null) {
      body.put("insuredCardSymbol", c.symbol());
    }
    if (c.branch() != null) {
      body.put("insuredBranchNumber", c.branch());
    }
    return body;
  }

  /**
   * A person whose coverage is the same today as on {@link #AS_OF} (checks made today, e.g. from a
   * card, see the same qualification), with a single qualification; the {@code skip}-th such.
   */
  public static SimulatedPerson coveredToday(SimulatedPopulation people, int skip) {
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
    return people.persons().stream()
        .filter(p -> !p.hasTag("multiple") && !p.hasTag("notFound"))
        .filter(p -> p.coverageOn(AS_OF).isPresent())
        .filter(p -> p.coverageOn(today).equals(p.coverageOn(AS_OF)))
        .skip(skip)
        .findFirst()
        .orElseThrow();
  }

  /**
   * People whose qualification on {@link #AS_OF} can carry a 照会番号 (a 枝番, or 後期高齢), with no expiry
   * and one of each kana and birth date.
   */
  public static java.util.List<SimulatedPerson> registrable(SimulatedPopulation people) {
    return people.withTag("noExpiry").stream()
        .filter(x -> !x.hasTag("multiple") && !x.hasTag("notFound"))
        .filter(
            x ->
                x.coverageOn(AS_OF)
                    .filter(c -> c.branch() != null || c.insurerNumber().strip().startsWith("39"))
                    .isPresent())
        .toList();
  }
}
