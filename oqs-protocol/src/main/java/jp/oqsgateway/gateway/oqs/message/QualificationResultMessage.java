package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.PrescriptionIssueSelect;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;

/**
 * {@code OQSsiquc01res}, face results and the answer to a home-visit re-inquiry {@code
 * OQSsihvq01res} (OQS-PROTOCOL.md §2.2, §2.3; the last reconstructed, §2.7). Several results come
 * with QualificationValidity 5 (複数該当) [I]; never pick "the first". The search echo is present for
 * card-number queries only. {@code prescriptionIssueSelect} is the MessageBody element (S1, S16).
 */
public record QualificationResultMessage(
    MessageKind kind,
    ResultHeader header,
    ProcessingResult processing,
    Optional<Coded<QualificationValidity>> qualificationValidity,
    Optional<QualificationSearch> search,
    List<QualificationResult> results,
    Optional<Coded<PrescriptionIssueSelect>> prescriptionIssueSelect,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public QualificationResultMessage {
    OqsMessage.requireKind(
        kind,
        MessageKind.OQS_SIQUC01_RES,
        MessageKind.OQS_SIQUC01_FACE,
        MessageKind.OQS_SIHVQ01_RES);
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(processing, "processing");
    results = List.copyOf(results);
    unknownElements = List.copyOf(unknownElements);
  }

  /** myclinic's usable-result rule (§1.6): completed, status 1, 有効 and exactly one result. */
  public boolean isSingleValidResult() {
    return header.isCompleted()
        && processing
            .status()
            .map(s -> s.is(jp.oqsgateway.gateway.oqs.codes.ProcessingResultStatus.NORMAL))
            .orElse(false)
        && qualificationValidity.map(v -> v.is(QualificationValidity.VALID)).orElse(false)
        && results.size() == 1;
  }
}
