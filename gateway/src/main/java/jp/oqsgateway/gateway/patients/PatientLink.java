package jp.oqsgateway.gateway.patients;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A qualification linked to a chart patient. Active until {@code unlinkedAt}; unlinked links stay
 * as history.
 */
public record PatientLink(
    UUID id,
    String chartPatientId,
    UUID checkId,
    LinkedQualification qualification,
    String linkedBy,
    Instant linkedAt,
    Optional<String> unlinkedBy,
    Optional<Instant> unlinkedAt) {

  public boolean active() {
    return unlinkedAt.isEmpty();
  }
}
