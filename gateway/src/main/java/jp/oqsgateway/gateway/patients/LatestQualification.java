package jp.oqsgateway.gateway.patients;

import java.time.Duration;
import java.time.Instant;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/**
 * The newest answered qualification of a chart patient and how old it is.
 *
 * @param stale true when the answer is older than {@code qualification.fresh-for}
 */
public record LatestQualification(QualificationCheck check, Duration age, boolean stale) {
  static LatestQualification of(QualificationCheck check, Instant now, Duration freshFor) {
    Instant answered = check.finishedAt().orElse(check.requestedAt());
    Duration age = Duration.between(answered, now);
    if (age.isNegative()) {
      age = Duration.ZERO;
    }
    return new LatestQualification(check, age, age.compareTo(freshFor) > 0);
  }
}
