package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.PersonDrafts.laterOf;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Draws the qualifications of the current draft (被用者保険/国保, 高齢受給者, 後期高齢, 医療扶助) and derives
 * certificates and card periods from them, tagging the draft with what it now holds.
 */
final class CoverageFactory {
  private final PersonDrafts drafts;
  private final Random rnd;
  private final LocalDate base;

  CoverageFactory(PersonDrafts drafts) {
    this.drafts = drafts;
    this.rnd = drafts.rnd();
    this.base = drafts.base();
  }

  Coverage employee(Insurer ins, String cardClass, int digits, boolean self) {
    PersonDraft d = drafts.current();
    boolean kokuhoLike = ins.isKokuhoLike();
    String symbol =
        kokuhoLike
            ? String.valueOf(10 + rnd.nextInt(80))
            : ins.number().startsWith("01")
                ? String.valueOf(70010000 + rnd.nextInt(9000))
                : String.valueOf(100 + rnd.nextInt(9900));
    String number = drafts.nextNumber(ins, Math.min(digits, kokuhoLike ? 8 : 6));
    boolean actualSelf = self || kokuhoLike;
    String branch = actualSelf ? "00" : String.format("%02d", 1 + rnd.nextInt(3));
    String insured = actualSelf ? null : d.family.kanji() + "　" + FictitiousNames.male(rnd).kanji();
    LocalDate qual = laterOf(d.birth, base.minusDays(200 + rnd.nextInt(365 * 12)));
    LocalDate valid = kokuhoLike ? laterOf(qual, qual.plusYears(rnd.nextInt(3))) : qual;
    d.add(actualSelf ? "self" : "family");
    d.add("card:" + cardClass);
    CoverageBuilder b = new CoverageBuilder();
    b.cardClassification = cardClass;
    b.insurerNumber = ins.number();
    b.symbol = symbol;
    b.number = number;
    b.branch = branch;
    b.personalFamily = actualSelf ? "1" : "2";
    b.insuredName = insured == null ? d.oqsName() : insured;
    b.insurerName = ins.name();
    b.qualificationDate = qual;
    b.issuanceDate = valid.plusDays(2 + rnd.nextInt(5));
    b.validDate = valid;
    return b.build();
  }

  /** 高齢受給者 from the first of the month after turning 70 (the day itself when it is a 1st). */
  Coverage elderly(PersonDraft d, Insurer ins, String ratio) {
    Coverage c = employee(ins, "01", 6, true);
    LocalDate turned70 = d.birth.plusYears(70);
    LocalDate from =
        turned70.getDayOfMonth() == 1 ? turned70 : turned70.withDayOfMonth(1).plusMonths(1);
    d.add("elderly:" + ratio);
    Coverage.Elderly e = new Coverage.Elderly(from, d.birth.plusYears(75).minusDays(1), ratio);
    return CoverageBuilder.copy(c, b -> b.elderly = e);
  }

  /** 後期高齢 from {@code start}, or from the 75th birthday when null. */
  Coverage kouki(PersonDraft d, String ratio, LocalDate start) {
    LocalDate from = start != null ? start : d.birth.plusYears(75);
    d.add("kouki:" + ratio, "card:01");
    CoverageBuilder b = new CoverageBuilder();
    b.cardClassification = "01";
    b.insurerNumber = Insurer.KOUKI.number();
    b.number = CheckDigits.append(drafts.nextNumber(Insurer.KOUKI, 7));
    b.insuredName = d.oqsName();
    b.insurerName = Insurer.KOUKI.name();
    b.qualificationDate = from;
    b.issuanceDate = from.plusDays(3);
    b.validDate = laterOf(from, base.minusMonths(10).withMonth(8).withDayOfMonth(1));
    b.partialContributionRatio = ratio;
    return b.build();
  }

  Coverage medicalAid(LocalDate from, boolean ticketsRegistered) {
    drafts.current().add("card:A1", "aid");
    CoverageBuilder b = new CoverageBuilder();
    b.cardClassification = "A1";
    b.insurerNumber = Insurer.SEIHO.number();
    b.number = CheckDigits.append(drafts.nextNumber(Insurer.SEIHO, 6));
    b.insurerName = Insurer.SEIHO.name();
    b.qualificationDate = from;
    b.validDate = from;
    b.medicalAid = new Coverage.MedicalAid(ticketsRegistered, Insurer.SEIHO.name());
    return b.build();
  }

  /** 限度額適用認定証 of that OQSCD011 classification and 区分, from a drawn month. */
  Coverage withLimit(Coverage c, String classification, String flag) {
    drafts.current().add("limit:" + flag, "limitCert:" + classification);
    LocalDate from = laterOf(c.qualificationDate(), base.minusMonths(rnd.nextInt(20)));
    Coverage.LimitCertificate limit = new Coverage.LimitCertificate(classification, flag, from);
    return CoverageBuilder.copy(c, b -> b.limit = limit);
  }

  static Coverage withSpecificDisease(Coverage c, Coverage.SpecificDisease disease) {
    return CoverageBuilder.copy(c, b -> b.specificDiseases = List.of(disease));
  }

  /** A card valid for a period (短期証, yearly 国保 cards): issued shortly after {@code valid}. */
  static Coverage withCard(Coverage c, LocalDate valid, LocalDate expiration) {
    return CoverageBuilder.copy(
        c,
        b -> {
          b.qualificationDate = laterOf(c.qualificationDate(), valid.minusYears(1));
          b.issuanceDate = valid.plusDays(3);
          b.validDate = valid;
          b.expirationDate = expiration;
        });
  }

  /** The new qualification after an insurer change, starting on {@code from}. */
  static Coverage startingOn(Coverage c, LocalDate from) {
    return CoverageBuilder.copy(
        c,
        b -> {
          b.qualificationDate = from;
          b.issuanceDate = from.plusDays(4);
          b.validDate = from;
        });
  }

  /** Numbers the terminal does not know (該当資格なし). */
  static Coverage unregistered(Coverage c) {
    return CoverageBuilder.copy(c, b -> b.registeredInOqs = false);
  }
}
