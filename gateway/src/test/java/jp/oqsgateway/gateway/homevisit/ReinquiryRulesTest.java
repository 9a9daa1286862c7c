package jp.oqsgateway.gateway.homevisit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.simulator.HomeVisitConsent;
import org.junit.jupiter.api.Test;

/** The re-inquiry window and its continuation by monthly claims (MHLW notice 2024-03-21 第2). */
class ReinquiryRulesTest {
  private static final ReinquiryRules RULES = ReinquiryRules.DEFAULTS;

  @Test
  void theWindowEndsAtTheEndOfTheMonthInWhichThreeMonthsHavePassed() {
    assertThat(RULES.windowEnd(LocalDate.of(2026, 2, 15))).isEqualTo(LocalDate.of(2026, 5, 31));
    assertThat(RULES.windowEnd(LocalDate.of(2026, 6, 1))).isEqualTo(LocalDate.of(2026, 8, 31));
    assertThat(RULES.windowEnd(LocalDate.of(2026, 6, 2))).isEqualTo(LocalDate.of(2026, 9, 30));
    assertThat(RULES.windowEnd(LocalDate.of(2026, 11, 30))).isEqualTo(LocalDate.of(2027, 2, 28));
  }

  @Test
  void theGatewayAndTheSimulatorCountTheWindowAlike() {
    for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() == 2026; d = d.plusDays(1)) {
      assertThat(RULES.windowEnd(d))
          .as(d.toString())
          .isEqualTo(HomeVisitConsent.windowEnd(d).toLocalDate());
    }
  }

  @Test
  void aVisitWithinTheWindowMayBeReInquiredOnTheFirstVisitDayAndItsLastDay() {
    Relationship r = relationship(LocalDate.of(2026, 2, 15));
    assertThat(RULES.on(r, LocalDate.of(2026, 2, 15)).reason())
        .isEqualTo(Eligibility.Reason.WITHIN_WINDOW);
    Eligibility last = RULES.on(r, LocalDate.of(2026, 5, 31));
    assertThat(last.eligible()).isTrue();
    assertThat(last.windowEnd()).isEqualTo(LocalDate.of(2026, 5, 31));
  }

  @Test
  void beforeTheFirstVisitThereIsNothingToReInquire() {
    Eligibility e = RULES.on(relationship(LocalDate.of(2026, 2, 15)), LocalDate.of(2026, 2, 14));
    assertThat(e.eligible()).isFalse();
    assertThat(e.reason()).isEqualTo(Eligibility.Reason.BEFORE_FIRST_VISIT);
  }

  @Test
  void pastTheWindowAMonthWithoutARecordedClaimStopsTheReInquiryAndIsNamed() {
    Relationship r = relationship(LocalDate.of(2026, 2, 15), "2026-02", "2026-04");
    Eligibility e = RULES.on(r, LocalDate.of(2026, 6, 10));
    assertThat(e.eligible()).isFalse();
    assertThat(e.reason()).isEqualTo(Eligibility.Reason.CLAIMS_MISSING);
    assertThat(e.missingClaim()).contains(YearMonth.of(2026, 3));
  }

  @Test
  void pastTheWindowClaimsInEveryMonthUpToTheLagKeepItOpen() {
    Relationship r = relationship(LocalDate.of(2026, 2, 15), "2026-02", "2026-03", "2026-04");
    Eligibility june = RULES.on(r, LocalDate.of(2026, 6, 10));
    assertThat(june.eligible()).isTrue();
    assertThat(june.reason()).isEqualTo(Eligibility.Reason.CONTINUING);
    // July needs May's claim (two months behind).
    assertThat(RULES.on(r, LocalDate.of(2026, 7, 1)).missingClaim())
        .contains(YearMonth.of(2026, 5));
  }

  @Test
  void withoutTheClaimsRuleTheRelationshipAloneKeepsItOpen() {
    ReinquiryRules lenient = new ReinquiryRules(3, false, 2);
    assertThat(
            lenient
                .on(relationship(LocalDate.of(2026, 2, 15)), LocalDate.of(2026, 12, 1))
                .eligible())
        .isTrue();
  }

  @Test
  void anEndedRelationshipAllowsNoReInquiryAfterItsLastDay() {
    Relationship r = ended(relationship(LocalDate.of(2026, 2, 15)), LocalDate.of(2026, 3, 10));
    assertThat(RULES.on(r, LocalDate.of(2026, 3, 10)).eligible()).isTrue();
    assertThat(RULES.on(r, LocalDate.of(2026, 3, 11)).reason()).isEqualTo(Eligibility.Reason.ENDED);
  }

  @Test
  void oqsRefusingARelationshipIsFinalUntilANewFirstVisit() {
    Relationship base = relationship(LocalDate.of(2026, 2, 15));
    Relationship refused =
        new Relationship(
            base.id(),
            base.chartPatientId(),
            base.careForm(),
            base.firstVisitDate(),
            base.createdAt(),
            base.createdBy(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Instant.parse("2026-03-01T00:00:00Z")),
            Optional.of("ProcessingResultStatus 2"),
            base.claimMonths(),
            base.consentWithdrawal());
    Eligibility e = RULES.on(refused, LocalDate.of(2026, 3, 2));
    assertThat(e.eligible()).isFalse();
    assertThat(e.reason()).isEqualTo(Eligibility.Reason.REFUSED_BY_OQS);
  }

  private static Relationship relationship(LocalDate first, String... claims) {
    TreeSet<YearMonth> months = new TreeSet<>();
    for (String m : claims) {
      months.add(YearMonth.parse(m));
    }
    return new Relationship(
        UUID.randomUUID(),
        "P-1",
        CareForm.MEDICAL,
        first,
        Instant.parse("2026-01-01T00:00:00Z"),
        "test",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        months,
        Optional.empty());
  }

  private static Relationship ended(Relationship r, LocalDate last) {
    return new Relationship(
        r.id(),
        r.chartPatientId(),
        r.careForm(),
        r.firstVisitDate(),
        r.createdAt(),
        r.createdBy(),
        Optional.of(last),
        Optional.of("care-ended"),
        Optional.empty(),
        Optional.empty(),
        r.claimMonths(),
        r.consentWithdrawal());
  }
}
