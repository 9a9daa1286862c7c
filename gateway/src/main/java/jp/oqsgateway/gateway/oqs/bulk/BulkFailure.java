package jp.oqsgateway.gateway.oqs.bulk;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.link.TerminalText;

/**
 * Why a bulk exchange gave no answer to use, in which phase. The detail names no person: it is the
 * link's reason, OQS's ErrorCode and ErrorMessage, or the codec's rule, made fit for API callers
 * ({@link TerminalText#clean}).
 *
 * @param exchangeId the phase's exchange, when it had one
 * @param errorCode OQS's ErrorCode when OQS refused the request ({@link Reason#REFUSED_BY_OQS})
 * @param outcome how the exchange ended, when it ended ({@link Reason#UNANSWERED} and the answers
 *     that could not be used)
 * @param cause what the link or the recorder failed with ({@link Reason#NOT_SENT}, {@link
 *     Reason#NOT_RECORDED}, {@link Reason#UNKNOWN_EXCHANGE}, {@link Reason#STOPPED})
 */
public record BulkFailure(
    BulkPhase phase,
    Reason reason,
    Optional<UUID> exchangeId,
    String detail,
    Optional<String> errorCode,
    Optional<ExchangeOutcome> outcome,
    Optional<Throwable> cause) {

  public enum Reason {
    /** The link refused to take the request (text the encoding cannot carry, link stopped). */
    NOT_SENT,
    /** The link took the request but the caller's {@link PhaseRecorder} failed: not followed. */
    NOT_RECORDED,
    /** The exchange to follow is unknown to the link, or of another kind than the phase's. */
    UNKNOWN_EXCHANGE,
    /**
     * The exchange ended without an answer: FAILED ({@code .err}, never picked up, still processing
     * after the link's re-asks), TIMED_OUT or OUTCOME_UNKNOWN.
     */
    UNANSWERED,
    /** OQS refused the whole request: SegmentOfResult other than 1, with its ErrorCode. */
    REFUSED_BY_OQS,
    /** The answer breaks the codec's rules, or a reception result has no ReceptionNumber. */
    INVALID_RESULT,
    /**
     * Following stopped before the exchange ended (the link stopped): nothing is lost, the phase is
     * taken up again with {@link BulkExchange#followUpload} or {@link BulkExchange#followDownload}
     * after the next start.
     */
    STOPPED
  }

  public BulkFailure {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(reason, "reason");
    detail = TerminalText.clean(detail);
  }

  static BulkFailure of(BulkPhase phase, Reason reason, UUID exchangeId, String detail) {
    return new BulkFailure(
        phase,
        reason,
        Optional.ofNullable(exchangeId),
        detail,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static BulkFailure because(BulkPhase phase, Reason reason, UUID exchangeId, Throwable cause) {
    return new BulkFailure(
        phase,
        reason,
        Optional.ofNullable(exchangeId),
        String.valueOf(cause.getMessage()),
        Optional.empty(),
        Optional.empty(),
        Optional.of(cause));
  }

  /** The same failure with the exchange's outcome attached. */
  BulkFailure with(ExchangeOutcome ended) {
    return new BulkFailure(
        phase,
        reason,
        Optional.of(ended.exchangeId()),
        detail,
        errorCode,
        Optional.of(ended),
        cause);
  }
}
