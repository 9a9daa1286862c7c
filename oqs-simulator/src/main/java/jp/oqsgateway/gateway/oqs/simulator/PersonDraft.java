package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.simulator.FictitiousNames.NamePart;

/**
 * A person under construction. Creating one draws, in this order, sex, family and given name, the
 * consent profile and the address; the categories then replace names and add coverages and tags.
 */
final class PersonDraft {
  final String category;
  final LocalDate birth;
  final Set<String> tags = new LinkedHashSet<>();
  final List<Coverage> coverages = new ArrayList<>();
  final int index;
  String sex;
  NamePart family;
  NamePart given;
  String chartFamily;
  String chartGiven;
  Coverage chartCoverage;
  final ConsentProfile consents;
  final FictitiousAddress address;
  private final Random rnd;

  PersonDraft(Random rnd, int index, String category, LocalDate birth) {
    this.rnd = rnd;
    this.category = category;
    this.birth = birth;
    this.index = index;
    this.sex = rnd.nextBoolean() ? "1" : "2";
    this.family = FictitiousNames.family(rnd);
    this.given = randomGiven();
    this.consents =
        new ConsentProfile(
            rnd.nextInt(10) < 8,
            rnd.nextInt(10) < 6,
            rnd.nextInt(10) < 6,
            rnd.nextInt(10) < 7,
            rnd.nextInt(10) < 5,
            rnd.nextInt(10) < 4,
            rnd.nextInt(3) == 0 ? "1" : "2");
    this.address = FictitiousAddress.draw(rnd);
    tags.add(address.tag());
  }

  private NamePart randomGiven() {
    return "1".equals(sex) ? FictitiousNames.male(rnd) : FictitiousNames.female(rnd);
  }

  PersonDraft female() {
    sex = "2";
    given = FictitiousNames.female(rnd);
    return this;
  }

  PersonDraft cover(Coverage c) {
    coverages.add(c);
    return this;
  }

  PersonDraft chartFrom(Coverage c) {
    chartCoverage = c;
    return this;
  }

  PersonDraft add(String... t) {
    tags.addAll(List.of(t));
    return this;
  }

  String oqsName() {
    return family.kanji() + "　" + given.kanji();
  }

  SimulatedPerson build() {
    String id = String.format("SIM-%04d", index);
    String chartId = String.format("P%06d", index);
    String name = oqsName();
    String chartName =
        (chartFamily != null ? chartFamily : family.kanji())
            + "　"
            + (chartGiven != null ? chartGiven : given.kanji());
    String kanaFull = family.kana() + "　" + given.kana();
    Coverage forChart = chartCoverage;
    if (forChart == null) {
      forChart = coverages.get(coverages.size() - 1);
    }
    if (coverages.stream().allMatch(c -> c.expirationDate() == null)) {
      tags.add("noExpiry");
    }
    tags.add(name.contains("●") ? "gaiji" : "plainName");
    ChartIdentity chart =
        new ChartIdentity(
            chartId,
            chartName,
            kanaFull,
            birth,
            address.chartAddress(),
            forChart.insurerNumber(),
            forChart.symbol(),
            forChart.number(),
            forChart.branch());
    List<Coverage> fixed = new ArrayList<>();
    for (Coverage c : coverages) {
      fixed.add(c.insuredName() == null ? c : withInsuredName(c, name));
    }
    return new SimulatedPerson(
        id,
        category,
        tags,
        name,
        HalfWidthKana.of(kanaFull),
        sex,
        birth,
        address.address(),
        address.post(),
        address.chartAddress(),
        chart,
        fixed,
        consents);
  }

  /** The insured of a 本人 coverage is the person; names may have changed after creation. */
  private static Coverage withInsuredName(Coverage c, String name) {
    if (!"1".equals(c.personalFamily()) && !c.isKouki()) {
      return c;
    }
    return CoverageBuilder.copy(c, b -> b.insuredName = name);
  }
}
