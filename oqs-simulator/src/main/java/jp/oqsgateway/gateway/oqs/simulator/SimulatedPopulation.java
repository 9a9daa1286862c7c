package jp.oqsgateway.gateway.oqs.simulator;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The fictitious persons the simulated terminal knows, deterministic from a seed: the same seed
 * gives the same persons, ids and numbers on every run. {@link #standard()} is the data set of the
 * demo and the tests. Lookups answer "as of" a date the way the terminal answers a
 * QualificationConfirmationDate (OQS-PROTOCOL.md §1.6 QualificationValidity, §2.2).
 */
public final class SimulatedPopulation {
  public static final long DEFAULT_SEED = 20250602L;
  public static final int DEFAULT_SIZE = 240;

  /** The day around which the timeline's changes (insurer change, loss, turning 70/75) happen. */
  public static final LocalDate DEFAULT_TIMELINE_BASE = LocalDate.of(2025, 6, 1);

  /** A person and the coverage that matched. */
  public record Match(SimulatedPerson person, Coverage coverage) {}

  /** The answer to a card-number lookup: OQSCD006 validity and the matching qualifications. */
  public record Lookup(String validity, List<Match> matches) {}

  private final long seed;
  private final LocalDate timelineBase;
  private final List<SimulatedPerson> persons;
  private final Map<String, SimulatedPerson> byId = new LinkedHashMap<>();
  private final Map<String, SimulatedPerson> byChartId = new LinkedHashMap<>();

  private SimulatedPopulation(long seed, LocalDate timelineBase, List<SimulatedPerson> persons) {
    this.seed = seed;
    this.timelineBase = timelineBase;
    this.persons = List.copyOf(persons);
    for (SimulatedPerson p : this.persons) {
      byId.put(p.id(), p);
      byChartId.put(p.chart().patientId(), p);
    }
  }

  public static SimulatedPopulation standard() {
    return generate(DEFAULT_SEED, DEFAULT_SIZE, DEFAULT_TIMELINE_BASE);
  }

  public static SimulatedPopulation generate(long seed, int size, LocalDate timelineBase) {
    return new SimulatedPopulation(
        seed, timelineBase, new PopulationGenerator(seed, timelineBase).generate(size));
  }

  public long seed() {
    return seed;
  }

  public LocalDate timelineBase() {
    return timelineBase;
  }

  public List<SimulatedPerson> persons() {
    return persons;
  }

  public Optional<SimulatedPerson> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The person a clinic knows under that chart id ({@code P000123}). */
  public Optional<SimulatedPerson> byChartId(String chartId) {
    return Optional.ofNullable(byChartId.get(chartId));
  }

  /** The person with that id, or an exception naming the id. */
  public SimulatedPerson require(String id) {
    SimulatedPerson p = byId.get(id);
    if (p == null) {
      throw new NoSuchElementException("no simulated person " + id);
    }
    return p;
  }

  public List<SimulatedPerson> withTag(String tag) {
    return persons.stream().filter(p -> p.hasTag(tag)).toList();
  }

  /** The first person with that tag (tests use this to pick a case). */
  public SimulatedPerson first(String tag) {
    return persons.stream()
        .filter(p -> p.hasTag(tag))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no simulated person tagged " + tag));
  }

  /**
   * A card-number check as of a date: 1 有効 (6 有効（未登録）for 医療扶助 without registered tickets), 5 複数該当
   * when several persons match (e.g. twins asked without 枝番), 3 無効（新しい資格あり）when the matched
   * qualification was lost and the person holds another one on that day, 2 無効 when lost, 4 該当資格なし
   * when nothing matches or the qualification starts later.
   */
  public Lookup lookup(
      String insurerNumber,
      String symbol,
      String number,
      String branch,
      LocalDate birthDate,
      LocalDate asOf) {
    List<Match> candidates = new ArrayList<>();
    for (SimulatedPerson p : persons) {
      if (!p.birthDate().equals(birthDate)) {
        continue;
      }
      for (Coverage c : p.coverages()) {
        if (c.registeredInOqs() && numbersMatch(c, insurerNumber, symbol, number, branch)) {
          candidates.add(new Match(p, c));
        }
      }
    }
    List<Match> inForce = candidates.stream().filter(m -> m.coverage().coversOn(asOf)).toList();
    if (inForce.size() > 1) {
      return new Lookup("5", inForce);
    }
    if (inForce.size() == 1) {
      Match m = inForce.get(0);
      boolean unregistered =
          m.coverage().isMedicalAid() && !m.coverage().medicalAid().ticketsRegistered();
      return new Lookup(unregistered ? "6" : "1", inForce);
    }
    Optional<Match> lost =
        candidates.stream()
            .filter(m -> m.coverage().lostBy(asOf))
            .max(Comparator.comparing(m -> m.coverage().disqualificationDate()));
    if (lost.isPresent()) {
      boolean hasNew = lost.get().person().coverageOn(asOf).isPresent();
      return new Lookup(hasNew ? "3" : "2", List.of(lost.get()));
    }
    return new Lookup("4", List.of());
  }

  /**
   * Persons holding a qualification with these numbers at any time (no birth date: 照会番号
   * registration and drug-information requests carry none), newest qualification first.
   */
  public List<Match> byNumbers(String insurerNumber, String symbol, String number, String branch) {
    List<Match> found = new ArrayList<>();
    for (SimulatedPerson p : persons) {
      for (Coverage c : p.coverages()) {
        if (c.registeredInOqs() && numbersMatch(c, insurerNumber, symbol, number, branch)) {
          found.add(new Match(p, c));
        }
      }
    }
    found.sort(Comparator.comparing((Match m) -> m.coverage().qualificationDate()).reversed());
    Set<String> seen = new LinkedHashSet<>();
    return found.stream().filter(m -> seen.add(m.person().id())).toList();
  }

  static boolean numbersMatch(
      Coverage c, String insurerNumber, String symbol, String number, String branch) {
    if (!sameInsurer(c.insurerNumber(), insurerNumber)) {
      return false;
    }
    if (!norm(c.symbol()).equals(norm(symbol))) {
      return false;
    }
    if (!stripZeros(norm(c.number())).equals(stripZeros(norm(number)))) {
      return false;
    }
    String b = norm(branch);
    return b.isEmpty() || b.equals(norm(c.branch()));
  }

  private static boolean sameInsurer(String a, String b) {
    String x = stripZeros(norm(a));
    String y = stripZeros(norm(b));
    return !x.isEmpty() && x.equals(y);
  }

  private static String norm(String s) {
    return s == null ? "" : Normalizer.normalize(s, Normalizer.Form.NFKC).strip();
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
