package jp.oqsgateway.gateway.http.homevisit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;

/** The patients of a nightly re-inquiry test, and what its run left in the database. */
final class ReinquiryCounts {
  private ReinquiryCounts() {}

  /**
   * {@code n} distinct simulated persons whose coverage is found by its numbers and stays the same
   * from {@link CheckBodies#AS_OF} through {@code today} and {@code day}: each re-inquiry's answer
   * is {@code unchanged}.
   */
  static List<SimulatedPerson> unchangingPersons(
      SimulatedPopulation population, LocalDate today, LocalDate day, int n) {
    List<SimulatedPerson> people =
        population.persons().stream()
            .filter(p -> !p.hasTag("multiple") && !p.hasTag("notFound"))
            .filter(p -> p.coverageOn(CheckBodies.AS_OF).isPresent())
            .filter(p -> p.coverageOn(today).equals(p.coverageOn(CheckBodies.AS_OF)))
            .filter(p -> p.coverageOn(day).equals(p.coverageOn(CheckBodies.AS_OF)))
            .limit(n)
            .toList();
    assertThat(people).as("distinct simulated persons").hasSize(n);
    return people;
  }

  /** Per chart patient, the answered re-inquiries the job created (checks requested by it). */
  static Map<String, Long> answeredPerPatient(InProcessGateway gw, String jobId) {
    Map<String, Long> answered = new HashMap<>();
    for (Row r :
        gw.query(
            "select c.chart_patient_id, count(*) as n from qualification_check c"
                + " join oqs_exchange x on x.id = c.exchange_id and x.state = 'ANSWERED'"
                + " where c.requested_by = $1 group by c.chart_patient_id",
            "job:" + jobId)) {
      answered.put(r.getString("chart_patient_id"), r.getLong("n"));
    }
    return answered;
  }
}
