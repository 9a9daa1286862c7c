package jp.oqsgateway.gateway.patients;

import java.util.Optional;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;

/**
 * What a 照会番号 registration sends for a link's qualification: insurer number as OQS writes it, 枝番
 * required except for 後期高齢 (OQS-PROTOCOL.md §2.8), and why a qualification cannot carry one.
 */
final class Registrable {
  private Registrable() {}

  /** The registration for a link's qualification; empty when the qualification cannot carry one. */
  static Optional<ReferenceNumberRegistration> registrationOf(PatientLink l) {
    LinkedQualification q = l.qualification();
    Optional<InsurerNumber> insurer = InsurerNumber.parse(q.insurerNumber());
    if (insurer.isEmpty() || l.chartPatientId().length() > 50) {
      return Optional.empty();
    }
    if (q.branch().isEmpty() && !insurer.get().isLateStageElderly()) {
      return Optional.empty();
    }
    return Optional.of(
        new ReferenceNumberRegistration(
            l.chartPatientId(),
            insurer.get(),
            q.symbol(),
            q.number(),
            insurer.get().isLateStageElderly() ? Optional.empty() : q.branch()));
  }

  /** Why {@link #registrationOf} is empty for the link (names no value of the qualification). */
  static String notRegistrable(PatientLink l) {
    return InsurerNumber.parse(l.qualification().insurerNumber()).isEmpty()
        ? "the linked qualification has no insurer number of 6 or 8 digits (医療扶助 registration"
            + " is not supported)"
        : "the linked qualification has no branch number (枝番), which a registration needs except"
            + " for 後期高齢者医療";
  }
}
