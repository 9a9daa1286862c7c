package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.CharacterCode;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.ReferenceClassification;
import jp.oqsgateway.gateway.oqs.codes.SegmentOfResult;

/**
 * {@code MessageHeader} of every result (OQS-PROTOCOL.md §2.2, §2.5). One type for all results;
 * which elements are required depends on the kind and is enforced by {@link OqsCodec}. ErrorCode
 * and ErrorMessage are present only when SegmentOfResult is not 1. {@code characterCodeIdentifier}
 * is rewritten on encoding to match the charset actually used.
 */
public record ResultHeader(
    Optional<LocalDateTime> processExecutionTime,
    Optional<LocalDate> qualificationConfirmationDate,
    Optional<String> medicalInstitutionCode,
    Optional<String> arbitraryFileIdentifier,
    Optional<Coded<ReferenceClassification>> referenceClassification,
    Optional<String> receptionNumber,
    Optional<Coded<SegmentOfResult>> segmentOfResult,
    Optional<String> errorCode,
    Optional<String> errorMessage,
    Optional<Integer> numberOfProcessingResult,
    Optional<Integer> numberOfNormalProcessing,
    Optional<Integer> numberOfError,
    Optional<Coded<CharacterCode>> characterCodeIdentifier) {

  /** True when SegmentOfResult is 2 (処理中): ask again later with the same ReceptionNumber. */
  public boolean isStillProcessing() {
    return segmentOfResult.map(s -> s.is(SegmentOfResult.IN_PROGRESS)).orElse(false);
  }

  /** True when SegmentOfResult is 1 (正常終了). */
  public boolean isCompleted() {
    return segmentOfResult.map(s -> s.is(SegmentOfResult.COMPLETED)).orElse(false);
  }
}
