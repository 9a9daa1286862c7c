package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KOKUHO;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KUMIAI2;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOKAI;
import static jp.oqsgateway.gateway.oqs.simulator.Insurer.KYOSAI;

import jp.oqsgateway.gateway.oqs.simulator.FictitiousNames.NamePart;

/**
 * Persons whose names test the character handling: family or given names with a character outside
 * CP932 (OQS returns ● where the chart holds the real one, §4.2) and names that need CP932's
 * extensions beyond strict Shift_JIS.
 */
final class NameCases extends PersonCases {
  NameCases(PersonDrafts drafts, CoverageFactory cover) {
    super(drafts, cover);
  }

  void names() {
    String[][] gaiji = {{"𠮷田", "ヨシダ"}, {"𡈽屋", "ツチヤ"}};
    // ● : the chart holds a character outside CP932, OQS returns ● in its place (§4.2).
    for (String[] g : gaiji) {
      PersonDraft d = drafts.person("外字（● で返る氏名）", drafts.age(20 + rnd.nextInt(50)));
      d.family = new NamePart("●" + g[0].substring(g[0].offsetByCodePoints(0, 1)), g[1]);
      d.chartFamily = g[0];
      d.cover(cover.employee(drafts.pick(KYOKAI, KUMIAI, KOKUHO), "01", 6, true)).add("gaiji");
    }
    PersonDraft given = drafts.person("外字（名に ●）", drafts.age(72));
    given.sex = "1";
    given.given = new NamePart("●男", "シゲオ");
    given.chartGiven = "𠀋男";
    given.cover(cover.elderly(given, KYOKAI, "020")).add("gaiji");
    String[][] cp932 = {{"髙橋", "タカハシ"}, {"山﨑", "ヤマザキ"}, {"德永", "トクナガ"}, {"草彅", "クサナギ"}};
    for (String[] n : cp932) {
      PersonDraft d = drafts.person("CP932 拡張文字の氏名", drafts.age(25 + rnd.nextInt(50)));
      d.family = new NamePart(n[0], n[1]);
      d.cover(cover.employee(drafts.pick(KYOKAI, KUMIAI2, KYOSAI), "01", 6, true)).add("cp932");
    }
  }
}
