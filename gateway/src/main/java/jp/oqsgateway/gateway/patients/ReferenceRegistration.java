package jp.oqsgateway.gateway.patients;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One 照会番号 registration: the chart patient id registered as ReferenceNumber for the qualification
 * of one link (REFERENCE §2.8).
 *
 * @param trigger {@code api} (single), {@code bulk} or {@code auto} (after a first link)
 * @param failure a {@link jp.oqsgateway.gateway.qualification.CheckFailure} name when FAILED
 * @param downloadExchangeId the phase-2 download (OQSmuimm02) of a bulk registration, once sent
 */
public record ReferenceRegistration(
    UUID id,
    Optional<UUID> bulkId,
    String trigger,
    String chartPatientId,
    UUID linkId,
    String referenceNumber,
    State state,
    Optional<UUID> exchangeId,
    Optional<String> failure,
    Optional<String> failureDetail,
    Optional<String> processingResultCode,
    Optional<UUID> downloadExchangeId,
    Instant requestedAt,
    Optional<Instant> finishedAt) {

  public enum State {
    WAITING,
    REGISTERED,
    FAILED
  }

  static ReferenceRegistration waiting(Optional<UUID> bulkId, String trigger, PatientLink link) {
    return new ReferenceRegistration(
        UUID.randomUUID(),
        bulkId,
        trigger,
        link.chartPatientId(),
        link.id(),
        link.chartPatientId(),
        State.WAITING,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Instant.now(),
        Optional.empty());
  }
}
