package jp.oqsgateway.gateway.homevisit;

import java.time.LocalDate;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.patients.LinkedQualification;
import jp.oqsgateway.gateway.qualification.CheckRequest;

/**
 * What a re-inquiry for a scheduled visit would send: the patient's insurance numbers from the
 * latest known qualification, under the relationship, for the visit's day; or why it cannot be sent
 * though the rules allow it. The 枝番 is required except for 後期高齢者医療 (法別 39) and 医療扶助 (生活保護, 法別 12)
 * (CLINICS 補足1, as a 照会番号 registration requires it, OQS-PROTOCOL.md §2.8). The 限度額 consent is never
 * assumed: the request asks without it, and the consent OQS recorded at home comes back with the
 * answer.
 *
 * @param request the re-inquiry to send, when there is one
 * @param blocked why none is sent: {@code not-eligible}, {@code no-numbers} (no qualification known
 *     for the patient), {@code branch-missing}
 */
public record ReinquiryPlan(Optional<CheckRequest> request, Optional<String> blocked) {
  public static final String NOT_ELIGIBLE_REASON = "not-eligible";
  public static final String NO_NUMBERS = "no-numbers";
  public static final String BRANCH_MISSING = "branch-missing";

  static final ReinquiryPlan NOT_ELIGIBLE = blocked(NOT_ELIGIBLE_REASON);

  /** The plan for an eligible visit under {@code r}, from the numbers known for the patient. */
  static ReinquiryPlan of(
      ScheduledVisit v, Relationship r, LocalDate day, Optional<LinkedQualification> known) {
    if (known.isEmpty()) {
      return blocked(NO_NUMBERS);
    }
    LinkedQualification q = known.get();
    Optional<InsurerNumber> insurer = InsurerNumber.parse(q.insurerNumber());
    if (insurer.isEmpty()) {
      return blocked(NO_NUMBERS);
    }
    boolean noBranchNeeded = !branchRequired(insurer.get());
    if (q.branch().isEmpty() && !noBranchNeeded) {
      return blocked(BRANCH_MISSING);
    }
    CheckRequest request =
        new CheckRequest(
                insurer.get(),
                q.symbol(),
                q.number(),
                noBranchNeeded ? Optional.empty() : q.branch(),
                q.birthdate(),
                day,
                false,
                Optional.of(v.chartPatientId()))
            .asReinquiry(r.id());
    return new ReinquiryPlan(Optional.of(request), Optional.empty());
  }

  /**
   * Whether a re-inquiry with this insurer needs the 枝番: always, except for 後期高齢者医療 (法別 39) and
   * 医療扶助 (生活保護, 法別 12) (CLINICS 補足1).
   */
  public static boolean branchRequired(InsurerNumber n) {
    return !(n.isLateStageElderly() || isMedicalAid(n));
  }

  /** 医療扶助 (生活保護): 公費負担者番号 of 法別 12 in the insurer slot (OQS-PROTOCOL.md §2.4). */
  static boolean isMedicalAid(InsurerNumber n) {
    return n.digits().length() == 8 && n.digits().startsWith("12");
  }

  private static ReinquiryPlan blocked(String why) {
    return new ReinquiryPlan(Optional.empty(), Optional.of(why));
  }
}
