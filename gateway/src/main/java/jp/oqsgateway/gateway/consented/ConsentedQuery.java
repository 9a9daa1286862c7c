package jp.oqsgateway.gateway.consented;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * What to fetch the consented qualifications of (docs/OQS-PROTOCOL.md §2.6): a care form, what its
 * range is of, and the range, both days included. A 医療扶助 query is one MedicalTreatmentMonth: its
 * range is that month's first and last day.
 */
public record ConsentedQuery(ConsentedForm form, SearchBy by, LocalDate from, LocalDate to) {

  /** What the range is of: which elements the request carries. */
  public enum SearchBy {
    /** 同意年月日: {@code ConsentDateFrom} / {@code ConsentDateTo}. */
    CONSENT_DATE,
    /** 受診日 (online care only): {@code ExaminationDateFrom} / {@code ExaminationDateTo}. */
    EXAMINATION_DATE,
    /** 診療年月 (医療扶助 only): {@code MedicalTreatmentMonth}. */
    TREATMENT_MONTH
  }

  public ConsentedQuery {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(by, "by");
  }

  /** 訪問診療等 consented from {@code from} to {@code to}. */
  public static ConsentedQuery homeVisit(LocalDate from, LocalDate to) {
    return new ConsentedQuery(ConsentedForm.HOME_VISIT, SearchBy.CONSENT_DATE, from, to);
  }

  /** オンライン診療等 consented from {@code from} to {@code to}. */
  public static ConsentedQuery onlineByConsent(LocalDate from, LocalDate to) {
    return new ConsentedQuery(ConsentedForm.ONLINE, SearchBy.CONSENT_DATE, from, to);
  }

  /** オンライン診療等 examined from {@code from} to {@code to}. */
  public static ConsentedQuery onlineByExamination(LocalDate from, LocalDate to) {
    return new ConsentedQuery(ConsentedForm.ONLINE, SearchBy.EXAMINATION_DATE, from, to);
  }

  /** 医療扶助 tickets of {@code month}. */
  public static ConsentedQuery medicalAid(YearMonth month) {
    return new ConsentedQuery(
        ConsentedForm.MEDICAL_AID, SearchBy.TREATMENT_MONTH, month.atDay(1), month.atEndOfMonth());
  }

  /** The month of a 医療扶助 query (that of {@code from}). */
  public YearMonth month() {
    return YearMonth.from(from);
  }
}
