package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Builds {@code ResultOfQualificationConfirmation} (OQS-PROTOCOL.md §2.4) for a person's
 * qualification as of a date, in the element order of the reconstructed specification and samples
 * 1, 4 and 6.
 */
final class ResultElements {
  /** One consent item: OQSCD016 flag with its times; null fields are omitted. */
  record Flag(String flag, String consTime, String availableTime) {
    static final Flag NONE = new Flag("0", null, null);
  }

  /**
   * The consent part of a result. {@code limitFlag} null omits the 限度額 flag entirely; a null item
   * omits that item's elements.
   */
  record Consents(
      String limitFlag,
      String limitTime,
      Flag specificDiseases,
      Flag checkups,
      Flag pharmacists,
      Flag diagnosis,
      Flag operation) {
    /** Insurance-card-number checks: only the 限度額 flag the clinic sent (§4.4). */
    static Consents limitOnly(String flag, String time) {
      return new Consents(flag, "1".equals(flag) ? time : null, null, null, null, null, null);
    }

    /**
     * A home-visit or online consent as OQS reports it (§2.6, §4.4, §4.5): for the consented items
     * flag 1 with ConsTime and AvailableTime = the end of the viewing window, 2 (同意有効期限切れ) once
     * that has passed; 0 for the items not consented; 限度額 consented while the window is open; 特定疾病
     * only for a person holding a certificate.
     */
    static Consents of(HomeVisitConsent c, SimulatedPerson person, Instant now) {
      boolean expired = c.expiredAt(now);
      String cons = OqsDates.dateTime(c.consentTime());
      String until = OqsDates.dateTime(c.availableUntil());
      Flag yes = new Flag(expired ? "2" : "1", cons, until);
      return new Consents(
          expired ? null : "1",
          expired ? null : cons,
          person.coverages().stream().anyMatch(x -> !x.specificDiseases().isEmpty()) ? yes : null,
          c.scope().contains(ConsentScope.CHECKUP) ? yes : Flag.NONE,
          c.scope().contains(ConsentScope.DRUG) ? yes : Flag.NONE,
          c.scope().contains(ConsentScope.DIAGNOSIS) ? yes : Flag.NONE,
          c.scope().contains(ConsentScope.OPERATION) ? yes : Flag.NONE);
    }

    /** These consents with the 限度額 flag and time of {@code other} instead of their own. */
    Consents withLimitOf(Consents other) {
      return new Consents(
          other.limitFlag(),
          other.limitTime(),
          specificDiseases,
          checkups,
          pharmacists,
          diagnosis,
          operation);
    }
  }

  private final String institutionCode;

  ResultElements(String institutionCode) {
    this.institutionCode = institutionCode;
  }

  XmlElement result(
      SimulatedPerson p, Coverage c, LocalDate asOf, Consents consents, String referenceNumber) {
    List<XmlElement> e = new ArrayList<>();
    e.add(leaf("InsuredCardClassification", c.cardClassification()));
    e.add(leaf("InsurerNumber", c.paddedInsurerNumber()));
    e.add(opt("InsuredCardSymbol", c.symbol()));
    e.add(leaf("InsuredIdentificationNumber", c.number()));
    e.add(opt("InsuredBranchNumber", c.branch()));
    e.add(opt("PersonalFamilyClassification", c.personalFamily()));
    e.add(opt("InsuredName", c.insuredName()));
    e.add(leaf("Name", p.name()));
    e.add(leaf("NameKana", p.nameKana()));
    e.add(leaf("Sex1", p.sex()));
    e.add(leaf("Birthdate", OqsDates.date(p.birthDate())));
    e.add(leaf("Address", p.address()));
    e.add(leaf("PostNumber", p.postNumber()));
    e.add(leaf("QualificationDate", OqsDates.date(c.qualificationDate())));
    e.add(opt("DisqualificationDate", OqsDates.date(c.disqualificationDate())));
    e.add(opt("InsuredCertificateIssuanceDate", OqsDates.date(c.issuanceDate())));
    e.add(opt("InsuredCardValidDate", OqsDates.date(c.validDate())));
    e.add(opt("InsuredCardExpirationDate", OqsDates.date(c.expirationDate())));
    e.add(opt("InsuredPartialContributionRatio", c.partialContributionRatio()));
    e.add(preschool(p.birthDate(), asOf) ? leaf("PreschoolClassification", "1") : null);
    e.add(opt("ReasonOfLoss", c.reasonOfLoss()));
    e.add(leaf("InsurerName", c.insurerName()));
    e.add(elderly(c, asOf));
    if (consents.limitFlag() != null) {
      e.add(leaf("LimitApplicationCertificateRelatedConsFlg", consents.limitFlag()));
      e.add(opt("LimitApplicationCertificateRelatedConsTime", consents.limitTime()));
      if ("1".equals(consents.limitFlag())) {
        e.add(limit(c, asOf));
      }
    }
    Flag sd = consents.specificDiseases();
    if (sd != null) {
      e.add(leaf("SpecificDiseasesCertificateRelatedConsFlg", sd.flag()));
      e.add(opt("SpecificDiseasesCertificateRelatedConsTime", sd.consTime()));
      if ("1".equals(sd.flag())) {
        e.add(specificDiseases(c, asOf));
      }
    }
    e.add(medicalTickets(p, c, YearMonth.from(asOf)));
    addFlag(e, "SpecificHealthCheckupsInfo", consents.checkups());
    addFlag(e, "PharmacistsInfo", consents.pharmacists());
    addFlag(e, "DiagnosisInfo", consents.diagnosis());
    addFlag(e, "OperationInfo", consents.operation());
    e.add(opt("ReferenceNumber", referenceNumber));
    return of("ResultOfQualificationConfirmation", e);
  }

  /** 未就学: before the 1 April on which the child enters school (born 2 Apr – 1 Apr cohorts). */
  static boolean preschool(LocalDate birth, LocalDate asOf) {
    LocalDate sixth = birth.plusYears(6);
    LocalDate april = LocalDate.of(sixth.getYear(), 4, 1);
    LocalDate entry = sixth.isAfter(april) ? april.plusYears(1) : april;
    return asOf.isBefore(entry) && !asOf.isBefore(birth);
  }

  /** The yearly certificate period (1 Aug – 31 Jul) containing the day. */
  static LocalDate periodStart(LocalDate day) {
    return LocalDate.of(day.getMonthValue() >= 8 ? day.getYear() : day.getYear() - 1, 8, 1);
  }

  private static XmlElement elderly(Coverage c, LocalDate asOf) {
    Coverage.Elderly el = c.elderly();
    if (el == null || asOf.isBefore(el.from()) || asOf.isAfter(el.until())) {
      return null;
    }
    LocalDate start = later(el.from(), periodStart(asOf));
    LocalDate end = earlier(periodStart(asOf).plusYears(1).minusDays(1), el.until());
    return of(
        "ElderlyRecipientCertificateInfo",
        leaf("ElderlyRecipientCertificateDate", OqsDates.date(start)),
        leaf("ElderlyRecipientValidStartDate", OqsDates.date(start)),
        leaf("ElderlyRecipientValidEndDate", OqsDates.date(end)),
        leaf("ElderlyRecipientContributionRatio", el.ratio()));
  }

  private static XmlElement limit(Coverage c, LocalDate asOf) {
    Coverage.LimitCertificate l = c.limit();
    if (l == null || asOf.isBefore(l.from())) {
      return null;
    }
    LocalDate start = later(l.from(), periodStart(asOf));
    return of(
        "LimitApplicationCertificateRelatedInfo",
        leaf("LimitApplicationCertificateClassification", l.classification()),
        leaf("LimitApplicationCertificateClassificationFlag", l.flag()),
        leaf("LimitApplicationCertificateDate", OqsDates.date(start)),
        leaf("LimitApplicationCertificateValidStartDate", OqsDates.date(start)),
        leaf(
            "LimitApplicationCertificateValidEndDate",
            OqsDates.date(periodStart(asOf).plusYears(1).minusDays(1))));
  }

  private static XmlElement specificDiseases(Coverage c, LocalDate asOf) {
    List<XmlElement> infos = new ArrayList<>();
    for (Coverage.SpecificDisease d : c.specificDiseases()) {
      if (asOf.isBefore(d.from())) {
        continue;
      }
      infos.add(
          of(
              "SpecificDiseasesCertificateInfo",
              leaf("SpecificDiseasesDiseaseCategory", d.category()),
              leaf("SpecificDiseasesCertificateDate", OqsDates.date(d.from())),
              leaf("SpecificDiseasesValidStartDate", OqsDates.date(d.from())),
              leaf("SpecificDiseasesSelfPay", String.valueOf(d.selfPay()))));
    }
    return infos.isEmpty() ? null : of("SpecificDiseasesCertificateList", infos);
  }

  /**
   * 医療券 for the month, when the welfare office has registered one (§2.4 PublicExpenseResultList /
   * MedicalTicketInfo; the nesting of MedicalTicketInfo inside PublicExpenseResultList is [I]).
   */
  private XmlElement medicalTickets(SimulatedPerson p, Coverage c, YearMonth month) {
    if (!c.isMedicalAid() || !c.medicalAid().ticketsRegistered()) {
      return null;
    }
    LocalDate first = later(month.atDay(1), c.qualificationDate());
    String issue =
        OqsDates.month(month) + p.id().replaceAll("\\D", "") + (month.getMonthValue() % 10);
    return of(
        "PublicExpenseResultList",
        of(
            "MedicalTicketInfo",
            leaf("TicketType", "01"),
            leaf("MedicalTicketValidDate", OqsDates.date(first)),
            leaf("MedicalTicketExpirationDate", OqsDates.date(month.atEndOfMonth())),
            leaf("IssueNumber", issue),
            leaf("MedicalTreatmentMonth", OqsDates.month(month)),
            leaf("DesignatedMedicalInstitutionCode", institutionCode),
            leaf("DesignatedMedicalInstitutionFlag", "0"),
            leaf("DesignatedMedicalInstitutionName", "見本クリニック（架空）"),
            leaf("MedicalTreatmentType", "02"),
            leaf("SelfPayAmount", "0"),
            leaf("DistrictContactName", "担当　一（架空）"),
            leaf("HandlingContactName", "取扱　二（架空）"),
            leaf("SingleOrCombinedUse", "01"),
            leaf("StatusOfSocialInsurance", "02"),
            leaf("StatusOfInfecton", "02"),
            leaf("StatusOfElderlyMedicalCare", "02"),
            leaf("StatusOfPrefecturalExpenses", "02")));
  }

  private static void addFlag(List<XmlElement> e, String prefix, Flag f) {
    if (f == null) {
      return;
    }
    e.add(leaf(prefix + "ConsFlg", f.flag()));
    e.add(opt(prefix + "ConsTime", f.consTime()));
    e.add(opt(prefix + "AvailableTime", f.availableTime()));
  }

  static XmlElement opt(String name, String value) {
    return value == null || value.isEmpty() ? null : leaf(name, value);
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate earlier(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
