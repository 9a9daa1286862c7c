package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;

/**
 * One person of a bulk result (OQS-PROTOCOL.md §2.5, §2.6): the echo of the search (muquc), the
 * person's processing status, validity, one or more results (e.g. health insurance and 医療扶助 for the
 * same person) and the registered reference numbers (one or more in hvq/onq/tic results).
 */
public record BulkConfirmUnit(
    Optional<QualificationSearch> search,
    List<String> referenceNumbers,
    ProcessingResult processing,
    Optional<Coded<QualificationValidity>> qualificationValidity,
    List<QualificationResult> results) {

  public BulkConfirmUnit {
    referenceNumbers = List.copyOf(referenceNumbers);
    results = List.copyOf(results);
  }

  /** The echoed per-person identifier of the request, used to correlate (§1.4). */
  public Optional<String> arbitraryIdentifier() {
    return search.flatMap(QualificationSearch::arbitraryIdentifier);
  }
}
