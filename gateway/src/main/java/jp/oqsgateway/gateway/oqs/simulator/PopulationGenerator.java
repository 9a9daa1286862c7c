package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds the fictitious population: first one or more persons for every value the gateway must
 * handle (each card classification, 本人/家族, 未就学, 高齢受給者, 後期高齢 ratios, every 限度額 区分, 特定疾病, 医療扶助, every
 * loss reason, 無効（新しい資格あり）, 該当資格なし, 複数該当, ● and CP932 names, timeline changes), then ordinary
 * persons until the requested size. Every number is drawn from one {@link Random} in a fixed order,
 * so a seed always yields the same persons.
 */
final class PopulationGenerator {
  private record Insurer(String number, String name) {}

  private record NamePart(String kanji, String kana) {}

  private static final NamePart[] FAMILY = {
    new NamePart("佐藤", "サトウ"), new NamePart("鈴木", "スズキ"), new NamePart("高橋", "タカハシ"),
    new NamePart("田中", "タナカ"), new NamePart("伊藤", "イトウ"), new NamePart("渡辺", "ワタナベ"),
    new NamePart("山本", "ヤマモト"), new NamePart("中村", "ナカムラ"), new NamePart("小林", "コバヤシ"),
    new NamePart("加藤", "カトウ"), new NamePart("吉川", "ヨシカワ"), new NamePart("山田", "ヤマダ"),
    new NamePart("佐々木", "ササキ"), new NamePart("松本", "マツモト"), new NamePart("井上", "イノウエ"),
    new NamePart("木村", "キムラ"), new NamePart("林", "ハヤシ"), new NamePart("清水", "シミズ"),
    new NamePart("見本", "ミホン"), new NamePart("試験", "シケン"), new NamePart("標本", "ヒョウホン"),
    new NamePart("架空", "カクウ"), new NamePart("森", "モリ"), new NamePart("池田", "イケダ")
  };
  private static final NamePart[] MALE = {
    new NamePart("太郎", "タロウ"), new NamePart("一郎", "イチロウ"), new NamePart("健一", "ケンイチ"),
    new NamePart("誠", "マコト"), new NamePart("浩", "ヒロシ"), new NamePart("翔太", "ショウタ"),
    new NamePart("大輔", "ダイスケ"), new NamePart("正", "タダシ"), new NamePart("茂", "シゲル"),
    new NamePart("勇", "イサム"), new NamePart("拓也", "タクヤ"), new NamePart("蓮", "レン")
  };
  private static final NamePart[] FEMALE = {
    new NamePart("花子", "ハナコ"), new NamePart("洋子", "ヨウコ"), new NamePart("恵子", "ケイコ"),
    new NamePart("美咲", "ミサキ"), new NamePart("陽菜", "ヒナ"), new NamePart("トメ", "トメ"),
    new NamePart("幸子", "サチコ"), new NamePart("由美", "ユミ"), new NamePart("愛", "アイ"),
    new NamePart("和子", "カズコ"), new NamePart("結衣", "ユイ"), new NamePart("節子", "セツコ")
  };
  private static final String[] KANJI_NUMBERS = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};

  private final Random rnd;
  private final LocalDate base;
  private final Map<String, Integer> nextNumber = new HashMap<>();

  private final Insurer kyokai = new Insurer("01139997", "全国健康保険協会見本支部（架空）");
  private final Insurer kumiai = new Insurer("06139984", "見本工業健康保険組合");
  private final Insurer kumiai2 = new Insurer(CheckDigits.append("0613701"), "試験商事健康保険組合");
  private final Insurer kyosai = new Insurer(CheckDigits.append("3113801"), "架空市町村職員共済組合");
  private final Insurer kokuho = new Insurer("139998", "架空区（国民健康保険）");
  private final Insurer kokuho2 = new Insurer(CheckDigits.append("13802"), "見本市（国民健康保険）");
  private final Insurer taishoku = new Insurer(CheckDigits.append("6713999"), "架空区（退職者医療）");
  private final Insurer tokurei = new Insurer(CheckDigits.append("6313903"), "見本特定健康保険組合");
  private final Insurer jieikan = new Insurer(CheckDigits.append("0713901"), "防衛省見本共済組合（架空）");
  private final Insurer kouki = new Insurer("39139993", "東京都後期高齢者医療広域連合（架空）");
  private final Insurer seiho = new Insurer(CheckDigits.append("1213900"), "架空区福祉事務所");

  PopulationGenerator(long seed, LocalDate base) {
    this.rnd = new Random(seed);
    this.base = base;
  }

  List<SimulatedPerson> generate(int size) {
    cardClassifications();
    familyAndPreschool();
    elderly();
    koukiRatios();
    limitsUnder70();
    specificDiseases();
    medicalAid();
    losses();
    notFoundAndMultiple();
    names();
    timeline();
    while (drafts.size() < size) {
      ordinary();
    }
    return finish();
  }

  // ---- categories -------------------------------------------------------------------------

  private void cardClassifications() {
    person("被保険者証（退職） 02", age(64)).cover(employee(taishoku, "02", 8, true)).add("card:02");
    Draft shortCard = person("短期被保険者証（一般） 03", age(45));
    Coverage c = employee(kokuho, "03", 8, true);
    LocalDate from = base.minusMonths(2).withDayOfMonth(1);
    shortCard.cover(withCard(c, from, from.plusMonths(6).minusDays(1))).add("card:03", "expiry");
    Draft shortRetired = person("短期被保険者証（退職） 04", age(62));
    shortRetired
        .cover(withCard(employee(taishoku, "04", 8, true), from, from.plusMonths(6).minusDays(1)))
        .add("card:04", "expiry");
    person("被保険者資格証明書 05", age(38)).cover(employee(kokuho2, "05", 8, true)).add("card:05");
    person("特例退職被保険者証 06", age(66)).cover(employee(tokurei, "06", 6, true)).add("card:06");
    person("自衛官診療証 07", age(29)).cover(employee(jieikan, "07", 6, true)).add("card:07");
    Draft yearly = person("被保険者証 有効期限あり", age(52));
    LocalDate aug = LocalDate.of(base.getYear() - (base.getMonthValue() < 8 ? 1 : 0), 8, 1);
    yearly.cover(withCard(employee(kokuho, "01", 8, true), aug, aug.plusYears(1).minusDays(1)));
    yearly.add("expiry");
  }

  private void familyAndPreschool() {
    for (int a : new int[] {1, 3, 5}) {
      Insurer ins = a == 1 ? kyokai : a == 3 ? kumiai : kokuho;
      person("未就学 家族", ageDays(a * 365 + rnd.nextInt(200)))
          .cover(employee(ins, "01", 4, false))
          .add("preschool");
    }
    person("家族（配偶者）", age(41)).female().cover(employee(kumiai, "01", 4, false));
    person("家族（学生）", age(19)).cover(employee(kyosai, "01", 3, false));
  }

  private void elderly() {
    String[][] cases = {
      {"B01", "030", "01"}, {"B02", "030", "01"}, {"B03", "030", "01"},
      {"B04", "020", "01"}, {"B05", "020", "02"}, {"B06", "020", "02"}
    };
    for (String[] c : cases) {
      Draft d = person("高齢受給者 " + ratioLabel(c[1]) + " 限度額" + c[0], age(71 + rnd.nextInt(3)));
      d.cover(withLimit(elderlyCover(d, kyokai, c[1]), c[2], c[0]));
    }
    Draft plain = person("高齢受給者 2割", age(72));
    plain.cover(elderlyCover(plain, kokuho, "020"));
  }

  private void koukiRatios() {
    String[][] cases = {
      {"010", "B10", "01"}, {"010", "B07", "02"}, {"010", "B08", "02"}, {"020", "B09", "01"},
      {"030", "B01", "01"}, {"030", "B02", "01"}, {"030", "B03", "01"}, {"010", "B05", "03"}
    };
    for (String[] c : cases) {
      Draft d = person("後期高齢 " + ratioLabel(c[0]) + " 限度額" + c[1], age(76 + rnd.nextInt(12)));
      d.cover(withLimit(koukiCover(d, c[0], null), c[2], c[1]));
    }
    for (String r : new String[] {"010", "020", "030"}) {
      Draft d = person("後期高齢 " + ratioLabel(r), age(78 + rnd.nextInt(10)));
      d.cover(koukiCover(d, r, null));
    }
  }

  private void limitsUnder70() {
    String[] flags = {"A01", "A02", "A03", "A04", "A05", "A06"};
    for (String f : flags) {
      String cls = f.equals("A05") || f.equals("A06") ? "02" : "01";
      person("限度額 " + f, age(30 + rnd.nextInt(35)))
          .cover(withLimit(employee(pick(kyokai, kumiai, kokuho), "01", 6, true), cls, f));
    }
  }

  private void specificDiseases() {
    int[][] cases = {{1, 10000}, {1, 20000}, {2, 10000}, {3, 10000}};
    for (int[] c : cases) {
      Draft d = person("特定疾病 " + c[0], age(35 + rnd.nextInt(30)));
      Coverage cov = employee(pick(kyokai, kumiai2, kokuho), "01", 6, true);
      LocalDate from = cov.qualificationDate().plusMonths(rnd.nextInt(24));
      d.cover(
          with(
              cov,
              cov.limit(),
              List.of(new Coverage.SpecificDisease(String.valueOf(c[0]), c[1], from)),
              null));
      d.add("disease:" + c[0]);
    }
  }

  private void medicalAid() {
    for (int i = 0; i < 4; i++) {
      Draft d = person(i < 3 ? "医療扶助" : "医療扶助（医療券未登録）", age(40 + rnd.nextInt(40)));
      d.cover(aidCover(base.minusMonths(6 + rnd.nextInt(30)), i < 3));
      d.add(i < 3 ? "aid:registered" : "aid:unregistered");
    }
  }

  private void losses() {
    Draft death = person("資格喪失（死亡）", age(83));
    death.cover(koukiCover(death, "010", null).endingOn(base.minusDays(20), "01"));
    death.add("loss:01", "lost");
    Draft welfare = person("資格喪失（生活保護受給開始）→ 医療扶助", age(58));
    LocalDate aidStart = base.minusMonths(2).withDayOfMonth(1);
    welfare.cover(employee(kokuho, "01", 8, true).endingOn(aidStart.minusDays(1), "02"));
    welfare.cover(aidCover(aidStart, true));
    welfare.add("loss:02", "newQualification");
    Draft changed = person("保険者変更（旧資格 喪失事由03）", age(36));
    LocalDate lastDay = base.minusMonths(1).withDayOfMonth(15);
    Coverage old = employee(kumiai, "01", 6, true).endingOn(lastDay, "03");
    changed.cover(old).cover(startingOn(employee(kyokai, "01", 6, true), lastDay.plusDays(1)));
    changed.chartFrom(old).add("loss:03", "newQualification", "insurerChange");
    Draft other = person("資格喪失（その他）", age(27));
    other.cover(employee(kyosai, "01", 3, true).endingOn(base.minusDays(45), "99"));
    other.add("loss:99", "lost");
  }

  private void notFoundAndMultiple() {
    Draft unknown = person("該当資格なし（保険者未登録）", age(33));
    Coverage c = employee(kokuho2, "01", 8, true);
    unknown.cover(unregistered(c)).chartFrom(c).add("notFound");
    LocalDate twinsBirth = base.minusYears(12).minusDays(rnd.nextInt(300));
    NamePart family = FAMILY[rnd.nextInt(FAMILY.length)];
    String symbol = String.valueOf(1000 + rnd.nextInt(9000));
    String number = nextNumber(kumiai, 4);
    String[] given = {"翔太", "ショウタ", "陽菜", "ヒナ"};
    for (int i = 0; i < 2; i++) {
      Draft twin = person("複数該当（双子・枝番なしで照会）", twinsBirth);
      twin.family = family;
      twin.given = new NamePart(given[i * 2], given[i * 2 + 1]);
      twin.sex = i == 0 ? "1" : "2";
      String insured = family.kanji() + "　" + MALE[rnd.nextInt(MALE.length)].kanji();
      twin.cover(
          new Coverage(
              "01",
              kumiai.number(),
              symbol,
              number,
              String.format("%02d", 2 + i),
              "2",
              insured,
              kumiai.name(),
              twinsBirth,
              twinsBirth.plusDays(10),
              twinsBirth,
              null,
              null,
              null,
              null,
              null,
              null,
              List.of(),
              null,
              true));
      twin.add("multiple", "family");
    }
  }

  private void names() {
    String[][] gaiji = {{"𠮷田", "ヨシダ"}, {"𡈽屋", "ツチヤ"}};
    // ● : the chart holds a character outside CP932, OQS returns ● in its place (§4.2).
    for (String[] g : gaiji) {
      Draft d = person("外字（● で返る氏名）", age(20 + rnd.nextInt(50)));
      d.family = new NamePart("●" + g[0].substring(g[0].offsetByCodePoints(0, 1)), g[1]);
      d.chartFamily = g[0];
      d.cover(employee(pick(kyokai, kumiai, kokuho), "01", 6, true)).add("gaiji");
    }
    Draft given = person("外字（名に ●）", age(72));
    given.sex = "1";
    given.given = new NamePart("●男", "シゲオ");
    given.chartGiven = "𠀋男";
    given.cover(elderlyCover(given, kyokai, "020")).add("gaiji");
    String[][] cp932 = {{"髙橋", "タカハシ"}, {"山﨑", "ヤマザキ"}, {"德永", "トクナガ"}, {"草彅", "クサナギ"}};
    for (String[] n : cp932) {
      Draft d = person("CP932 拡張文字の氏名", age(25 + rnd.nextInt(50)));
      d.family = new NamePart(n[0], n[1]);
      d.cover(employee(pick(kyokai, kumiai2, kyosai), "01", 6, true)).add("cp932");
    }
  }

  private void timeline() {
    for (int i = 0; i < 2; i++) {
      LocalDate birthday70 = base.plusDays(20 + 40L * i);
      Draft d = person("70歳到達（高齢受給者へ）", birthday70.minusYears(70));
      d.cover(elderlyCover(d, pick(kyokai, kokuho), i == 0 ? "020" : "030")).add("turns70");
    }
    for (int i = 0; i < 2; i++) {
      LocalDate birthday75 = base.plusDays(10 + 30L * i);
      Draft d = person("75歳到達（後期高齢へ）", birthday75.minusYears(75));
      Coverage before = elderlyCover(d, pick(kyokai, kokuho, kumiai), "020");
      d.cover(before.endingOn(birthday75.minusDays(1), "03"));
      d.cover(koukiCover(d, "010", birthday75));
      d.chartFrom(before).add("turns75", "newQualification");
    }
    Draft school = person("就学到達（未就学 → 就学）", schoolEntryChildBirth());
    school.cover(employee(kyokai, "01", 4, false)).add("preschool", "turnsSchoolAge");
    Draft lateLoss = person("資格喪失予定（その他）", age(44));
    lateLoss.cover(employee(kumiai2, "01", 6, true).endingOn(base.plusDays(29), "99"));
    lateLoss.add("loss:99", "lostLater");
  }

  private void ordinary() {
    int roll = rnd.nextInt(100);
    if (roll < 12) {
      Draft d = person("後期高齢", age(75 + rnd.nextInt(20)));
      d.cover(koukiCover(d, rnd.nextInt(5) == 0 ? "030" : "010", null));
    } else if (roll < 20) {
      Draft d = person("高齢受給者", age(70 + rnd.nextInt(5)));
      d.cover(elderlyCover(d, pick(kyokai, kumiai, kokuho), rnd.nextInt(4) == 0 ? "030" : "020"));
    } else if (roll < 30) {
      person("未就学 家族", ageDays(rnd.nextInt(6 * 365)))
          .cover(employee(pick(kyokai, kumiai, kokuho), "01", 4, false));
    } else {
      boolean self = rnd.nextInt(3) > 0;
      person(self ? "一般 本人" : "一般 家族", age(7 + rnd.nextInt(62)))
          .cover(employee(pick(kyokai, kumiai, kumiai2, kyosai, kokuho, kokuho2), "01", 6, self));
    }
  }

  // ---- coverage builders ------------------------------------------------------------------

  private Draft current;

  private Coverage employee(Insurer ins, String cardClass, int digits, boolean self) {
    Draft d = current;
    boolean kokuhoLike = ins.number().length() == 6 || ins.number().startsWith("67");
    String symbol =
        kokuhoLike
            ? String.valueOf(10 + rnd.nextInt(80))
            : ins.number().startsWith("01")
                ? String.valueOf(70010000 + rnd.nextInt(9000))
                : String.valueOf(100 + rnd.nextInt(9900));
    String number = nextNumber(ins, Math.min(digits, kokuhoLike ? 8 : 6));
    boolean actualSelf = self || kokuhoLike;
    String branch = actualSelf ? "00" : String.format("%02d", 1 + rnd.nextInt(3));
    String insured =
        actualSelf ? null : d.family.kanji() + "　" + MALE[rnd.nextInt(MALE.length)].kanji();
    LocalDate qual = laterOf(d.birth, base.minusDays(200 + rnd.nextInt(365 * 12)));
    LocalDate valid = kokuhoLike ? laterOf(qual, qual.plusYears(rnd.nextInt(3))) : qual;
    if (!actualSelf) {
      d.add("family");
    } else {
      d.add("self");
    }
    d.add("card:" + cardClass);
    return new Coverage(
        cardClass,
        ins.number(),
        symbol,
        number,
        branch,
        actualSelf ? "1" : "2",
        insured == null ? d.oqsName() : insured,
        ins.name(),
        qual,
        valid.plusDays(2 + rnd.nextInt(5)),
        valid,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        true);
  }

  private Coverage elderlyCover(Draft d, Insurer ins, String ratio) {
    Coverage c = employee(ins, "01", 6, true);
    LocalDate turned70 = d.birth.plusYears(70);
    LocalDate from =
        turned70.getDayOfMonth() == 1 ? turned70 : turned70.withDayOfMonth(1).plusMonths(1);
    d.add("elderly:" + ratio);
    return withElderly(c, new Coverage.Elderly(from, d.birth.plusYears(75).minusDays(1), ratio));
  }

  private Coverage koukiCover(Draft d, String ratio, LocalDate start) {
    LocalDate from = start != null ? start : d.birth.plusYears(75);
    d.add("kouki:" + ratio, "card:01");
    return new Coverage(
        "01",
        kouki.number(),
        null,
        CheckDigits.append(nextNumber(kouki, 7)),
        null,
        null,
        d.oqsName(),
        kouki.name(),
        from,
        from.plusDays(3),
        laterOf(from, base.minusMonths(10).withMonth(8).withDayOfMonth(1)),
        null,
        null,
        null,
        ratio,
        null,
        null,
        List.of(),
        null,
        true);
  }

  private Coverage aidCover(LocalDate from, boolean ticketsRegistered) {
    current.add("card:A1", "aid");
    return new Coverage(
        "A1",
        seiho.number(),
        null,
        CheckDigits.append(nextNumber(seiho, 6)),
        null,
        null,
        null,
        seiho.name(),
        from,
        null,
        from,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        new Coverage.MedicalAid(ticketsRegistered, seiho.name()),
        true);
  }

  private Coverage withLimit(Coverage c, String classification, String flag) {
    current.add("limit:" + flag, "limitCert:" + classification);
    LocalDate from = laterOf(c.qualificationDate(), base.minusMonths(rnd.nextInt(20)));
    return with(
        c,
        new Coverage.LimitCertificate(classification, flag, from),
        c.specificDiseases(),
        c.elderly());
  }

  private static Coverage withElderly(Coverage c, Coverage.Elderly e) {
    return new Coverage(
        c.cardClassification(),
        c.insurerNumber(),
        c.symbol(),
        c.number(),
        c.branch(),
        c.personalFamily(),
        c.insuredName(),
        c.insurerName(),
        c.qualificationDate(),
        c.issuanceDate(),
        c.validDate(),
        c.expirationDate(),
        c.disqualificationDate(),
        c.reasonOfLoss(),
        c.partialContributionRatio(),
        e,
        c.limit(),
        c.specificDiseases(),
        c.medicalAid(),
        c.registeredInOqs());
  }

  private static Coverage with(
      Coverage c,
      Coverage.LimitCertificate limit,
      List<Coverage.SpecificDisease> diseases,
      Coverage.Elderly elderly) {
    return new Coverage(
        c.cardClassification(),
        c.insurerNumber(),
        c.symbol(),
        c.number(),
        c.branch(),
        c.personalFamily(),
        c.insuredName(),
        c.insurerName(),
        c.qualificationDate(),
        c.issuanceDate(),
        c.validDate(),
        c.expirationDate(),
        c.disqualificationDate(),
        c.reasonOfLoss(),
        c.partialContributionRatio(),
        elderly != null ? elderly : c.elderly(),
        limit,
        diseases,
        c.medicalAid(),
        c.registeredInOqs());
  }

  private static Coverage withCard(Coverage c, LocalDate valid, LocalDate expiration) {
    return new Coverage(
        c.cardClassification(),
        c.insurerNumber(),
        c.symbol(),
        c.number(),
        c.branch(),
        c.personalFamily(),
        c.insuredName(),
        c.insurerName(),
        laterOf(c.qualificationDate(), valid.minusYears(1)),
        valid.plusDays(3),
        valid,
        expiration,
        c.disqualificationDate(),
        c.reasonOfLoss(),
        c.partialContributionRatio(),
        c.elderly(),
        c.limit(),
        c.specificDiseases(),
        c.medicalAid(),
        c.registeredInOqs());
  }

  private static Coverage startingOn(Coverage c, LocalDate from) {
    return new Coverage(
        c.cardClassification(),
        c.insurerNumber(),
        c.symbol(),
        c.number(),
        c.branch(),
        c.personalFamily(),
        c.insuredName(),
        c.insurerName(),
        from,
        from.plusDays(4),
        from,
        c.expirationDate(),
        c.disqualificationDate(),
        c.reasonOfLoss(),
        c.partialContributionRatio(),
        c.elderly(),
        c.limit(),
        c.specificDiseases(),
        c.medicalAid(),
        c.registeredInOqs());
  }

  private static Coverage unregistered(Coverage c) {
    return new Coverage(
        c.cardClassification(),
        c.insurerNumber(),
        c.symbol(),
        c.number(),
        c.branch(),
        c.personalFamily(),
        c.insuredName(),
        c.insurerName(),
        c.qualificationDate(),
        c.issuanceDate(),
        c.validDate(),
        c.expirationDate(),
        c.disqualificationDate(),
        c.reasonOfLoss(),
        c.partialContributionRatio(),
        c.elderly(),
        c.limit(),
        c.specificDiseases(),
        c.medicalAid(),
        false);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private String nextNumber(Insurer ins, int digits) {
    int n = nextNumber.merge(ins.number(), 1, Integer::sum);
    long start = digits >= 6 ? (long) Math.pow(10, digits - 1) + 12_345 : 0;
    long value = start + n * 7L + rnd.nextInt(7);
    String s = String.valueOf(value);
    return digits >= 6 ? s : String.valueOf(n * 10 + rnd.nextInt(10));
  }

  private Insurer pick(Insurer... choices) {
    return choices[rnd.nextInt(choices.length)];
  }

  private LocalDate age(int years) {
    return base.minusYears(years).minusDays(1 + rnd.nextInt(360));
  }

  private LocalDate ageDays(int days) {
    return base.minusDays(days + 1);
  }

  /** A child that starts school on the next 1 April after the timeline base. */
  private LocalDate schoolEntryChildBirth() {
    int entryYear = base.getMonthValue() >= 4 ? base.getYear() + 1 : base.getYear();
    return LocalDate.of(entryYear - 7, 9, 10 + rnd.nextInt(15));
  }

  private static LocalDate laterOf(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static String ratioLabel(String ratio) {
    return switch (ratio) {
      case "010" -> "1割";
      case "020" -> "2割";
      default -> "3割";
    };
  }

  private Draft person(String category, LocalDate birth) {
    Draft d = new Draft(category, birth);
    current = d;
    return d;
  }

  /** A person under construction; registered in {@link #drafts} when created. */
  private final class Draft {
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
    final String address;
    final String chartAddress;
    final String post;

    Draft(String category, LocalDate birth) {
      this.category = category;
      this.birth = birth;
      this.index = drafts.size() + 1;
      this.sex = rnd.nextBoolean() ? "1" : "2";
      this.family = FAMILY[rnd.nextInt(FAMILY.length)];
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
      int chome = rnd.nextInt(9);
      String ban = toFullWidth(String.valueOf(1 + rnd.nextInt(20)));
      String go = toFullWidth(String.valueOf(1 + rnd.nextInt(30)));
      int variant = rnd.nextInt(20);
      boolean building = variant >= 8 && variant < 12;
      String room = toFullWidth(String.valueOf(101 + rnd.nextInt(5) * 100 + rnd.nextInt(4)));
      String street = "東京都架空区見本町" + KANJI_NUMBERS[chome] + "丁目" + ban + "番" + go + "号";
      this.address = building ? street + "　見本ハイツＢ棟" + room : street;
      this.post = "199-00" + String.format("%02d", 1 + chome * 10 + rnd.nextInt(10));
      if (variant < 8) {
        this.chartAddress = address;
        tags.add("chartAddress:same");
      } else if (variant < 12) {
        this.chartAddress = toHalfWidthAscii(street) + " 見本ハイツb棟" + toHalfWidthAscii(room);
        tags.add("chartAddress:case");
      } else if (variant < 16) {
        this.chartAddress = toHalfWidthAscii(address);
        tags.add("chartAddress:width");
      } else {
        this.chartAddress =
            "東京都架空区試験町" + KANJI_NUMBERS[(chome + 3) % 9] + "丁目" + go + "番" + ban + "号";
        tags.add("chartAddress:moved");
      }
      drafts.add(this);
    }

    private NamePart randomGiven() {
      return "1".equals(sex) ? MALE[rnd.nextInt(MALE.length)] : FEMALE[rnd.nextInt(FEMALE.length)];
    }

    Draft female() {
      sex = "2";
      given = FEMALE[rnd.nextInt(FEMALE.length)];
      return this;
    }

    Draft cover(Coverage c) {
      coverages.add(c);
      return this;
    }

    Draft chartFrom(Coverage c) {
      chartCoverage = c;
      return this;
    }

    Draft add(String... t) {
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
              chartAddress,
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
          address,
          post,
          chartAddress,
          chart,
          fixed,
          consents);
    }

    /** The insured of a 本人 coverage is the person; names may have changed after creation. */
    private Coverage withInsuredName(Coverage c, String name) {
      if (!"1".equals(c.personalFamily()) && !c.isKouki()) {
        return c;
      }
      return new Coverage(
          c.cardClassification(),
          c.insurerNumber(),
          c.symbol(),
          c.number(),
          c.branch(),
          c.personalFamily(),
          name,
          c.insurerName(),
          c.qualificationDate(),
          c.issuanceDate(),
          c.validDate(),
          c.expirationDate(),
          c.disqualificationDate(),
          c.reasonOfLoss(),
          c.partialContributionRatio(),
          c.elderly(),
          c.limit(),
          c.specificDiseases(),
          c.medicalAid(),
          c.registeredInOqs());
    }
  }

  private final List<Draft> drafts = new ArrayList<>();

  private static String toFullWidth(String ascii) {
    StringBuilder sb = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      sb.append(c >= '!' && c <= '~' ? (char) (c - '!' + '！') : c);
    }
    return sb.toString();
  }

  private static String toHalfWidthAscii(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= '！' && c <= '～' ? (char) (c - '！' + '!') : c == '　' ? ' ' : c);
    }
    return sb.toString();
  }

  List<SimulatedPerson> finish() {
    List<SimulatedPerson> built = new ArrayList<>();
    for (Draft d : drafts) {
      built.add(d.build());
    }
    return built;
  }
}
