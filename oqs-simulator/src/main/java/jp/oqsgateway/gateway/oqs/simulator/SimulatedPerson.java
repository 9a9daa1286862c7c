package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One fictitious person as the OQS server knows them, with the clinic's view of them beside it.
 *
 * @param id stable simulator id ({@code SIM-0001})
 * @param category one operator-readable label of why the person exists (e.g. {@code 後期高齢 2割})
 * @param tags machine-readable facets for tests and {@code sim persons --filter}
 * @param name as OQS returns it (full-width, full-width space; ● for characters OQS cannot carry)
 * @param nameKana half-width kana with a half-width space
 * @param sex OQSCD007
 * @param address the address registered with the insurer
 * @param chartAddress the address the clinic holds (same, width/case variant, or really different)
 * @param coverages all qualifications over time, oldest first
 */
public record SimulatedPerson(
    String id,
    String category,
    Set<String> tags,
    String name,
    String nameKana,
    String sex,
    LocalDate birthDate,
    String address,
    String postNumber,
    String chartAddress,
    ChartIdentity chart,
    List<Coverage> coverages,
    ConsentProfile consents) {

  public SimulatedPerson {
    tags = Set.copyOf(tags);
    coverages = List.copyOf(coverages);
  }

  /** The qualification in force on that day (the newest one if, unusually, several are). */
  public Optional<Coverage> coverageOn(LocalDate day) {
    Coverage found = null;
    for (Coverage c : coverages) {
      if (c.registeredInOqs() && c.coversOn(day)) {
        found = c;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The coverage whose card the chart copied: the first with the same insurer and number. */
  public Optional<Coverage> chartCard() {
    return coverages.stream()
        .filter(
            v ->
                v.insurerNumber().equals(chart.insurerNumber())
                    && v.number().equals(chart.number()))
        .findFirst();
  }

  public boolean hasTag(String tag) {
    return tags.contains(tag);
  }
}
