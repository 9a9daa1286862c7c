package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The persons drafted so far, the one {@link Random} every draw comes from, and the timeline base:
 * creates drafts (ids follow creation order) and draws ages, insurers and insured numbers. The
 * categories share one instance, so the order in which they call it fixes the population.
 */
final class PersonDrafts {
  private final Random rnd;
  private final LocalDate base;
  private final Map<String, Integer> nextNumber = new HashMap<>();
  private final List<PersonDraft> drafts = new ArrayList<>();
  private PersonDraft current;

  PersonDrafts(long seed, LocalDate base) {
    this.rnd = new Random(seed);
    this.base = base;
  }

  Random rnd() {
    return rnd;
  }

  LocalDate base() {
    return base;
  }

  int size() {
    return drafts.size();
  }

  /** A new person, who becomes the {@link #current()} one that coverages are drawn for. */
  PersonDraft person(String category, LocalDate birth) {
    PersonDraft d = new PersonDraft(rnd, drafts.size() + 1, category, birth);
    drafts.add(d);
    current = d;
    return d;
  }

  PersonDraft current() {
    return current;
  }

  List<SimulatedPerson> build() {
    List<SimulatedPerson> built = new ArrayList<>();
    for (PersonDraft d : drafts) {
      built.add(d.build());
    }
    return built;
  }

  /** An insured number unique per insurer: increasing with a drawn offset. */
  String nextNumber(Insurer ins, int digits) {
    int n = nextNumber.merge(ins.number(), 1, Integer::sum);
    long start = digits >= 6 ? (long) Math.pow(10, digits - 1) + 12_345 : 0;
    long value = start + n * 7L + rnd.nextInt(7);
    String s = String.valueOf(value);
    return digits >= 6 ? s : String.valueOf(n * 10 + rnd.nextInt(10));
  }

  Insurer pick(Insurer... choices) {
    return choices[rnd.nextInt(choices.length)];
  }

  /** A birth date {@code years} (and up to a year more) before the base. */
  LocalDate age(int years) {
    return base.minusYears(years).minusDays(1 + rnd.nextInt(360));
  }

  LocalDate ageDays(int days) {
    return base.minusDays(days + 1);
  }

  /** A child that starts school on the next 1 April after the timeline base. */
  LocalDate schoolEntryChildBirth() {
    int entryYear = base.getMonthValue() >= 4 ? base.getYear() + 1 : base.getYear();
    return LocalDate.of(entryYear - 7, 9, 10 + rnd.nextInt(15));
  }

  static LocalDate laterOf(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }
}
