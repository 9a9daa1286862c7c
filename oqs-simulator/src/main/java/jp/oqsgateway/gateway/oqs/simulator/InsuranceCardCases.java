package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.CoverageFactory.unregistered;
import static jp.oqsgateway.gateway.oqs.simulator.CoverageFactory.withCard;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.JIEIKAN;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KOKUHO;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KOKUHO2;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOKAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOSAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.TAISHOKU;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.TOKUREI;

import java.time.LocalDate;
import jp.oqsgateway.gateway.oqs.simulator.FictitiousNames.NamePart;

/**
 * Persons for each kind of card and insured: every card classification (with and without an
 * expiry), 本人/家族, 未就学, 医療扶助 with and without registered 医療券, 該当資格なし and 複数該当.
 */
final class InsuranceCardCases extends PersonCases {
  InsuranceCardCases(PersonDrafts drafts, CoverageFactory cover) {
    super(drafts, cover);
  }

  void cardClassifications() {
    drafts
        .person("被保険者証（退職） 02", drafts.age(64))
        .cover(cover.employee(TAISHOKU, "02", 8, true))
        .add("card:02");
    PersonDraft shortCard = drafts.person("短期被保険者証（一般） 03", drafts.age(45));
    Coverage c = cover.employee(KOKUHO, "03", 8, true);
    LocalDate from = base.minusMonths(2).withDayOfMonth(1);
    shortCard.cover(withCard(c, from, from.plusMonths(6).minusDays(1))).add("card:03", "expiry");
    PersonDraft shortRetired = drafts.person("短期被保険者証（退職） 04", drafts.age(62));
    shortRetired
        .cover(
            withCard(
                cover.employee(TAISHOKU, "04", 8, true), from, from.plusMonths(6).minusDays(1)))
        .add("card:04", "expiry");
    drafts
        .person("被保険者資格証明書 05", drafts.age(38))
        .cover(cover.employee(KOKUHO2, "05", 8, true))
        .add("card:05");
    drafts
        .person("特例退職被保険者証 06", drafts.age(66))
        .cover(cover.employee(TOKUREI, "06", 6, true))
        .add("card:06");
    drafts
        .person("自衛官診療証 07", drafts.age(29))
        .cover(cover.employee(JIEIKAN, "07", 6, true))
        .add("card:07");
    PersonDraft yearly = drafts.person("被保険者証 有効期限あり", drafts.age(52));
    LocalDate aug = LocalDate.of(base.getYear() - (base.getMonthValue() < 8 ? 1 : 0), 8, 1);
    yearly.cover(
        withCard(cover.employee(KOKUHO, "01", 8, true), aug, aug.plusYears(1).minusDays(1)));
    yearly.add("expiry");
  }

  void familyAndPreschool() {
    for (int a : new int[] {1, 3, 5}) {
      Insurer ins = a == 1 ? KYOKAI : a == 3 ? KUMIAI : KOKUHO;
      drafts
          .person("未就学 家族", drafts.ageDays(a * 365 + rnd.nextInt(200)))
          .cover(cover.employee(ins, "01", 4, false))
          .add("preschool");
    }
    drafts.person("家族（配偶者）", drafts.age(41)).female().cover(cover.employee(KUMIAI, "01", 4, false));
    drafts.person("家族（学生）", drafts.age(19)).cover(cover.employee(KYOSAI, "01", 3, false));
  }

  void medicalAid() {
    for (int i = 0; i < 4; i++) {
      PersonDraft d =
          drafts.person(i < 3 ? "医療扶助" : "医療扶助（医療券未登録）", drafts.age(40 + rnd.nextInt(40)));
      d.cover(cover.medicalAid(base.minusMonths(6 + rnd.nextInt(30)), i < 3));
      d.add(i < 3 ? "aid:registered" : "aid:unregistered");
    }
  }

  void notFoundAndMultiple() {
    PersonDraft unknown = drafts.person("該当資格なし（保険者未登録）", drafts.age(33));
    Coverage c = cover.employee(KOKUHO2, "01", 8, true);
    unknown.cover(unregistered(c)).chartFrom(c).add("notFound");
    LocalDate twinsBirth = base.minusYears(12).minusDays(rnd.nextInt(300));
    NamePart family = FictitiousNames.family(rnd);
    String symbol = String.valueOf(1000 + rnd.nextInt(9000));
    String number = drafts.nextNumber(KUMIAI, 4);
    String[] given = {"翔太", "ショウタ", "陽菜", "ヒナ"};
    for (int i = 0; i < 2; i++) {
      PersonDraft twin = drafts.person("複数該当（双子・枝番なしで照会）", twinsBirth);
      twin.family = family;
      twin.given = new NamePart(given[i * 2], given[i * 2 + 1]);
      twin.sex = i == 0 ? "1" : "2";
      CoverageBuilder b = new CoverageBuilder();
      b.cardClassification = "01";
      b.insurerNumber = KUMIAI.number();
      b.symbol = symbol;
      b.number = number;
      b.branch = String.format("%02d", 2 + i);
      b.personalFamily = "2";
      b.insuredName = family.kanji() + "　" + FictitiousNames.male(rnd).kanji();
      b.insurerName = KUMIAI.name();
      b.qualificationDate = twinsBirth;
      b.issuanceDate = twinsBirth.plusDays(10);
      b.validDate = twinsBirth;
      twin.cover(b.build());
      twin.add("multiple", "family");
    }
  }
}
