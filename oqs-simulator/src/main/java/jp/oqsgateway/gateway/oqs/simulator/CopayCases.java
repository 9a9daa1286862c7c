package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KOKUHO;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI2;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOKAI;

import java.time.LocalDate;

/**
 * Persons for every copay the gateway must show: 高齢受給者 2割/3割, 後期高齢 1割/2割/3割, every 限度額 区分 under and
 * over 70 with its OQSCD011 classification, and each 特定疾病 category.
 */
final class CopayCases extends PersonCases {
  CopayCases(PersonDrafts drafts, CoverageFactory cover) {
    super(drafts, cover);
  }

  void elderly() {
    String[][] cases = {
      {"B01", "030", "01"}, {"B02", "030", "01"}, {"B03", "030", "01"},
      {"B04", "020", "01"}, {"B05", "020", "02"}, {"B06", "020", "02"}
    };
    for (String[] c : cases) {
      PersonDraft d =
          drafts.person(
              "高齢受給者 " + ratioLabel(c[1]) + " 限度額" + c[0], drafts.age(71 + rnd.nextInt(3)));
      d.cover(cover.withLimit(cover.elderly(d, KYOKAI, c[1]), c[2], c[0]));
    }
    PersonDraft plain = drafts.person("高齢受給者 2割", drafts.age(72));
    plain.cover(cover.elderly(plain, KOKUHO, "020"));
  }

  void koukiRatios() {
    String[][] cases = {
      {"010", "B10", "01"}, {"010", "B07", "02"}, {"010", "B08", "02"}, {"020", "B09", "01"},
      {"030", "B01", "01"}, {"030", "B02", "01"}, {"030", "B03", "01"}, {"010", "B05", "03"}
    };
    for (String[] c : cases) {
      PersonDraft d =
          drafts.person(
              "後期高齢 " + ratioLabel(c[0]) + " 限度額" + c[1], drafts.age(76 + rnd.nextInt(12)));
      d.cover(cover.withLimit(cover.kouki(d, c[0], null), c[2], c[1]));
    }
    for (String r : new String[] {"010", "020", "030"}) {
      PersonDraft d = drafts.person("後期高齢 " + ratioLabel(r), drafts.age(78 + rnd.nextInt(10)));
      d.cover(cover.kouki(d, r, null));
    }
  }

  void limitsUnder70() {
    String[] flags = {"A01", "A02", "A03", "A04", "A05", "A06"};
    for (String f : flags) {
      String cls = f.equals("A05") || f.equals("A06") ? "02" : "01";
      drafts
          .person("限度額 " + f, drafts.age(30 + rnd.nextInt(35)))
          .cover(
              cover.withLimit(
                  cover.employee(drafts.pick(KYOKAI, KUMIAI, KOKUHO), "01", 6, true), cls, f));
    }
  }

  void specificDiseases() {
    int[][] cases = {{1, 10000}, {1, 20000}, {2, 10000}, {3, 10000}};
    for (int[] c : cases) {
      PersonDraft d = drafts.person("特定疾病 " + c[0], drafts.age(35 + rnd.nextInt(30)));
      Coverage cov = cover.employee(drafts.pick(KYOKAI, KUMIAI2, KOKUHO), "01", 6, true);
      LocalDate from = cov.qualificationDate().plusMonths(rnd.nextInt(24));
      d.cover(
          CoverageFactory.withSpecificDisease(
              cov, new Coverage.SpecificDisease(String.valueOf(c[0]), c[1], from)));
      d.add("disease:" + c[0]);
    }
  }

  private static String ratioLabel(String ratio) {
    return switch (ratio) {
      case "010" -> "1割";
      case "020" -> "2割";
      default -> "3割";
    };
  }
}
