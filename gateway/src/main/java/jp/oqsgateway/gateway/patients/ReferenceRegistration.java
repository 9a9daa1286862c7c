package jp.oqsgateway.gateway.patients;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * One 照会番号 registration: the chart patient id registered as ReferenceNumber for the qualification
 * of one link (OQS-PROTOCOL.md §2.8).
 *
 * @param trigger {@code api} (single), {@code bulk}, {@code auto} (after a first link) or {@code
 *     retry} (a person's retry of a failed registration)
 * @param failure a {@link jp.oqsgateway.gateway.qualification.CheckFailure} name when FAILED
 * @param downloadExchangeId the phase-2 download (OQSmuimm02) of a bulk registration, once sent
 * @param retryOf the failed registration this one retries
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
    Optional<Instant> finishedAt,
    Optional<UUID> retryOf) {

  public enum State {
    WAITING,
    REGISTERED,
    FAILED
  }

  static ReferenceRegistration waiting(Optional<UUID> bulkId, String trigger, PatientLink link) {
    return waiting(bulkId, trigger, link.chartPatientId(), link.id(), Optional.empty());
  }

  /** A new WAITING retry of a failed registration, for the same link and number. */
  ReferenceRegistration retry() {
    return waiting(Optional.empty(), "retry", chartPatientId, linkId, Optional.of(id));
  }

  /** A new WAITING registration of {@code chartPatientId}'s number on {@code linkId}. */
  static ReferenceRegistration waiting(
      Optional<UUID> bulkId,
      String trigger,
      String chartPatientId,
      UUID linkId,
      Optional<UUID> retryOf) {
    return new ReferenceRegistration(
        RowIds.next(),
        bulkId,
        trigger,
        chartPatientId,
        linkId,
        chartPatientId,
        State.WAITING,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Instant.now(),
        Optional.empty(),
        retryOf);
  }
}
