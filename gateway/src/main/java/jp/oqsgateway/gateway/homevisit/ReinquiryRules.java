package jp.oqsgateway.gateway.homevisit;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * The re-inquiry eligibility rule of the MHLW notice of 2024-03-21 (第2 再照会機能, OQS-PROTOCOL.md
 * §4.5): from the first card-based visit at home until the end of the month in which three months
 * have passed; beyond that only while the clinic's claims show care in every month since the first
 * visit.
 *
 * <p>Unconfirmed parts, each a setting: the day arithmetic at month edges (three months have passed
 * on the day before the same date three months later, civil-code counting: 15 Feb → 31 May, 1 Jun →
 * 31 Aug, 2 Jun → 30 Sep, as the simulator and sample 6 read it), and how late OQS sees a month's
 * claim ({@code claimsLagMonths}: claims are sent by the 10th of the next month and reviewed after,
 * so for a re-inquiry in month M the claims up to M − lag must be on record). OQS's own answer is
 * authoritative: the gateway only decides whether to ask.
 *
 * @param windowMonths months of the first window ({@code home-visit.reinquiry.window-months})
 * @param requireMonthlyClaims whether continuing past the window needs a recorded claim for every
 *     month ({@code home-visit.reinquiry.require-monthly-claims})
 * @param claimsLagMonths how many months behind the re-inquiry's month the recorded claims must
 *     reach ({@code home-visit.reinquiry.claims-lag-months})
 */
public record ReinquiryRules(int windowMonths, boolean requireMonthlyClaims, int claimsLagMonths) {

  public static final ReinquiryRules DEFAULTS = new ReinquiryRules(3, true, 2);

  public ReinquiryRules {
    if (windowMonths < 1 || claimsLagMonths < 0) {
      throw new IllegalArgumentException("windowMonths ≥ 1 and claimsLagMonths ≥ 0");
    }
  }

  /** The last day of the window opened by a first visit on {@code firstVisit}. */
  public LocalDate windowEnd(LocalDate firstVisit) {
    LocalDate passed = firstVisit.plusMonths(windowMonths).minusDays(1);
    return passed.withDayOfMonth(passed.lengthOfMonth());
  }

  /** Whether a re-inquiry may be sent under {@code r} for a visit on {@code day}. */
  public Eligibility on(Relationship r, LocalDate day) {
    LocalDate end = windowEnd(r.firstVisitDate());
    if (r.endedBefore(day)) {
      return no(Eligibility.Reason.ENDED, end);
    }
    if (r.consentWithdrawnBy(day)) {
      return no(Eligibility.Reason.CONSENT_WITHDRAWN, end);
    }
    if (r.refusedAt().isPresent()) {
      return no(Eligibility.Reason.REFUSED_BY_OQS, end);
    }
    if (day.isBefore(r.firstVisitDate())) {
      return no(Eligibility.Reason.BEFORE_FIRST_VISIT, end);
    }
    if (!day.isAfter(end)) {
      return new Eligibility(true, Eligibility.Reason.WITHIN_WINDOW, end, Optional.empty());
    }
    if (requireMonthlyClaims) {
      YearMonth last = YearMonth.from(day).minusMonths(claimsLagMonths);
      for (YearMonth m = YearMonth.from(r.firstVisitDate());
          !m.isAfter(last);
          m = m.plusMonths(1)) {
        if (!r.claimMonths().contains(m)) {
          return new Eligibility(false, Eligibility.Reason.CLAIMS_MISSING, end, Optional.of(m));
        }
      }
    }
    return new Eligibility(true, Eligibility.Reason.CONTINUING, end, Optional.empty());
  }

  /**
   * Whether a re-inquiry may be sent for a visit of that kind on {@code day}: scheduled care and a
   * 往診 by the relationship's rule ({@link #on}; a 往診 has no window of its own, only the continuing
   * care's), online care never.
   */
  public Eligibility forVisit(VisitKind kind, Relationship r, LocalDate day) {
    if (kind == VisitKind.ONLINE) {
      return no(Eligibility.Reason.ONLINE_CARE, windowEnd(r.firstVisitDate()));
    }
    return on(r, day);
  }

  private static Eligibility no(Eligibility.Reason reason, LocalDate end) {
    return new Eligibility(false, reason, end, Optional.empty());
  }
}
