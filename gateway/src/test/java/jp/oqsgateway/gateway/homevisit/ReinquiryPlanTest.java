package jp.oqsgateway.gateway.homevisit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import jp.oqsgateway.gateway.patients.LinkedQualification;
import jp.oqsgateway.gateway.qualification.CheckRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a re-inquiry for a scheduled visit would send: the numbers known for the patient, the 枝番
 * required except for 後期高齢者 and 生活保護 (CLINICS 補足1).
 */
class ReinquiryPlanTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 10);
  private static final Relationship R = VisitAlertsTest.relationship(LocalDate.of(2026, 3, 1));
  private static final ScheduledVisit VISIT =
      new ScheduledVisit(
          java.util.UUID.randomUUID(),
          "HV-9",
          new VisitKind.Named(VisitKind.SCHEDULED, CareForm.MEDICAL),
          DAY,
          "north",
          Optional.empty(),
          Instant.parse("2026-03-01T00:00:00Z"),
          "test");

  @ParameterizedTest(name = "insurer {0}, branch \"{1}\": {2}")
  @CsvSource({
    "06139984, 01, sent",
    "06139984, '', branch-missing",
    "39139993, '', sent",
    "12139000, '', sent",
  })
  void theBranchIsRequiredExceptForLateElderlyAndPublicAssistance(
      String insurer, String branch, String expected) {
    LinkedQualification q =
        new LinkedQualification(
            insurer,
            Optional.empty(),
            "112398",
            Optional.of(branch).filter(b -> !b.isEmpty()),
            LocalDate.of(1950, 4, 1),
            Optional.empty(),
            Optional.empty());

    ReinquiryPlan plan = ReinquiryPlan.of(VISIT, R, DAY, Optional.of(q));

    assertThat(plan.blocked().orElse("sent")).isEqualTo(expected);
    plan.request()
        .ifPresent(
            r -> {
              assertThat(r.insuredBranchNumber()).isEqualTo(q.branch());
              assertThat(r.confirmationDate()).isEqualTo(DAY);
              assertThat(r.homeVisitRelationshipId()).contains(R.id());
              assertThat(r.chartPatientId()).contains("HV-9");
              assertThat(r.limitApplicationConsent()).as("never assumed").isFalse();
            });
  }

  @Test
  void aPatientWithNoKnownQualificationCannotBeReInquired() {
    ReinquiryPlan plan = ReinquiryPlan.of(VISIT, R, DAY, Optional.empty());

    assertThat(plan.request()).isEmpty();
    assertThat(plan.blocked()).contains(ReinquiryPlan.NO_NUMBERS);
  }

  @Test
  void theRequestIsAReInquiryUnderTheRelationship() {
    LinkedQualification q =
        new LinkedQualification(
            "06139984",
            Optional.of("4855"),
            "112398",
            Optional.of("00"),
            LocalDate.of(1980, 4, 1),
            Optional.empty(),
            Optional.empty());

    CheckRequest r = ReinquiryPlan.of(VISIT, R, DAY, Optional.of(q)).request().orElseThrow();

    assertThat(r.reinquiry()).isTrue();
    assertThat(r.insuredCardSymbol()).contains("4855");
  }
}
