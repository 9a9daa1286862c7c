package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KOKUHO;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KOKUHO2;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI2;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOKAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOSAI;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Builds the fictitious population: first one or more persons for every value the gateway must
 * handle (each card classification, 本人/家族, 未就学, 高齢受給者, 後期高齢 ratios, every 限度額 区分, 特定疾病, 医療扶助, every
 * loss reason, 無効（新しい資格あり）, 該当資格なし, 複数該当, ● and CP932 names, timeline changes), then ordinary
 * persons until the requested size. Every number is drawn from one {@link Random} in a fixed order,
 * so a seed always yields the same persons: the categories below run in the order they always have,
 * and reordering them changes every person after the first one moved.
 */
final class PopulationGenerator {
  private final PersonDrafts drafts;
  private final CoverageFactory cover;
  private final InsuranceCardCases cards;
  private final CopayCases copays;
  private final LossAndTimelineCases changes;
  private final NameCases names;

  PopulationGenerator(long seed, LocalDate base) {
    this.drafts = new PersonDrafts(seed, base);
    this.cover = new CoverageFactory(drafts);
    this.cards = new InsuranceCardCases(drafts, cover);
    this.copays = new CopayCases(drafts, cover);
    this.changes = new LossAndTimelineCases(drafts, cover);
    this.names = new NameCases(drafts, cover);
  }

  List<SimulatedPerson> generate(int size) {
    cards.cardClassifications();
    cards.familyAndPreschool();
    copays.elderly();
    copays.koukiRatios();
    copays.limitsUnder70();
    copays.specificDiseases();
    cards.medicalAid();
    changes.losses();
    cards.notFoundAndMultiple();
    names.names();
    changes.timeline();
    while (drafts.size() < size) {
      ordinary();
    }
    return drafts.build();
  }

  private void ordinary() {
    Random rnd = drafts.rnd();
    int roll = rnd.nextInt(100);
    if (roll < 12) {
      PersonDraft d = drafts.person("後期高齢", drafts.age(75 + rnd.nextInt(20)));
      d.cover(cover.kouki(d, rnd.nextInt(5) == 0 ? "030" : "010", null));
    } else if (roll < 20) {
      PersonDraft d = drafts.person("高齢受給者", drafts.age(70 + rnd.nextInt(5)));
      d.cover(
          cover.elderly(
              d, drafts.pick(KYOKAI, KUMIAI, KOKUHO), rnd.nextInt(4) == 0 ? "030" : "020"));
    } else if (roll < 30) {
      drafts
          .person("未就学 家族", drafts.ageDays(rnd.nextInt(6 * 365)))
          .cover(cover.employee(drafts.pick(KYOKAI, KUMIAI, KOKUHO), "01", 4, false));
    } else {
      boolean self = rnd.nextInt(3) > 0;
      drafts
          .person(self ? "一般 本人" : "一般 家族", drafts.age(7 + rnd.nextInt(62)))
          .cover(
              cover.employee(
                  drafts.pick(KYOKAI, KUMIAI, KUMIAI2, KYOSAI, KOKUHO, KOKUHO2), "01", 6, self));
    }
  }
}
