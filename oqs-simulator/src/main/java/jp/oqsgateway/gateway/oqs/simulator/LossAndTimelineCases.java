package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.CoverageFactory.startingOn;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KOKUHO;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI2;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOKAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOSAI;

import java.time.LocalDate;

/**
 * Persons whose qualification changes: every loss reason (死亡, 生活保護 → 医療扶助, insurer change, その他),
 * and, around the timeline base, turning 70 or 75, entering school and a loss still to come.
 */
final class LossAndTimelineCases extends PersonCases {
  LossAndTimelineCases(PersonDrafts drafts, CoverageFactory cover) {
    super(drafts, cover);
  }

  void losses() {
    PersonDraft death = drafts.person("資格喪失（死亡）", drafts.age(83));
    death.cover(cover.kouki(death, "010", null).endingOn(base.minusDays(20), "01"));
    death.add("loss:01", "lost");
    PersonDraft welfare = drafts.person("資格喪失（生活保護受給開始）→ 医療扶助", drafts.age(58));
    LocalDate aidStart = base.minusMonths(2).withDayOfMonth(1);
    welfare.cover(cover.employee(KOKUHO, "01", 8, true).endingOn(aidStart.minusDays(1), "02"));
    welfare.cover(cover.medicalAid(aidStart, true));
    welfare.add("loss:02", "newQualification");
    PersonDraft changed = drafts.person("保険者変更（旧資格 喪失事由03）", drafts.age(36));
    LocalDate lastDay = base.minusMonths(1).withDayOfMonth(15);
    Coverage old = cover.employee(KUMIAI, "01", 6, true).endingOn(lastDay, "03");
    changed
        .cover(old)
        .cover(startingOn(cover.employee(KYOKAI, "01", 6, true), lastDay.plusDays(1)));
    changed.chartFrom(old).add("loss:03", "newQualification", "insurerChange");
    PersonDraft other = drafts.person("資格喪失（その他）", drafts.age(27));
    other.cover(cover.employee(KYOSAI, "01", 3, true).endingOn(base.minusDays(45), "99"));
    other.add("loss:99", "lost");
  }

  void timeline() {
    for (int i = 0; i < 2; i++) {
      LocalDate birthday70 = base.plusDays(20 + 40L * i);
      PersonDraft d = drafts.person("70歳到達（高齢受給者へ）", birthday70.minusYears(70));
      d.cover(cover.elderly(d, drafts.pick(KYOKAI, KOKUHO), i == 0 ? "020" : "030")).add("turns70");
    }
    for (int i = 0; i < 2; i++) {
      LocalDate birthday75 = base.plusDays(10 + 30L * i);
      PersonDraft d = drafts.person("75歳到達（後期高齢へ）", birthday75.minusYears(75));
      Coverage before = cover.elderly(d, drafts.pick(KYOKAI, KOKUHO, KUMIAI), "020");
      d.cover(before.endingOn(birthday75.minusDays(1), "03"));
      d.cover(cover.kouki(d, "010", birthday75));
      d.chartFrom(before).add("turns75", "newQualification");
    }
    PersonDraft school = drafts.person("就学到達（未就学 → 就学）", drafts.schoolEntryChildBirth());
    school.cover(cover.employee(KYOKAI, "01", 4, false)).add("preschool", "turnsSchoolAge");
    PersonDraft lateLoss = drafts.person("資格喪失予定（その他）", drafts.age(44));
    lateLoss.cover(cover.employee(KUMIAI2, "01", 6, true).endingOn(base.plusDays(29), "99"));
    lateLoss.add("loss:99", "lostLater");
  }
}
