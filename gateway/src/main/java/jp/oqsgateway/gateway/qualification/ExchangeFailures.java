package jp.oqsgateway.gateway.qualification;

import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.link.TerminalText;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.ResultHeader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * Why an OQS exchange gave nothing to use, the same for every request that follows one (checks,
 * 照会番号 registrations): how the exchange ended, and an answer in which OQS refused the whole
 * request.
 */
public final class ExchangeFailures {
  /**
   * @param detail shown to API callers: text from the terminal's share in it (an {@code .err}, an
   *     ErrorMessage) is kept free of control characters and short ({@link TerminalText#clean})
   * @param errorCode OQS's ErrorCode, when OQS refused the request
   */
  public record Failure(CheckFailure failure, String detail, Optional<String> errorCode) {
    public Failure {
      detail = TerminalText.clean(detail);
    }

    static Failure of(CheckFailure failure, String detail) {
      return new Failure(failure, detail, Optional.empty());
    }
  }

  /** How the detail of a failure by {@link #refusedByOqs} begins. */
  private static final String REFUSED_BY_OQS = "SegmentOfResult ";

  private ExchangeFailures() {}

  /**
   * Whether a failure's detail is that of OQS refusing the whole request ({@link #refusedByOqs}).
   */
  public static boolean isRefusalByOqs(CheckFailure failure, String detail) {
    return failure == CheckFailure.OQS_ERROR && detail.startsWith(REFUSED_BY_OQS);
  }

  /** How a final exchange ended without a stored answer; empty when it has one. */
  public static Optional<Failure> of(ExchangeOutcome outcome) {
    return switch (outcome.state()) {
      case ANSWERED ->
          outcome.result().isPresent()
              ? Optional.empty()
              : Optional.of(Failure.of(CheckFailure.INVALID_RESULT, "the answer was not stored"));
      case FAILED ->
          Optional.of(
              Failure.of(
                  outcome.exchange().pickedUpAt().isEmpty()
                      ? CheckFailure.LINK_DOWN
                      : CheckFailure.OQS_ERROR,
                  outcome.error().orElse("the terminal reported an error")));
      case TIMED_OUT ->
          Optional.of(
              Failure.of(CheckFailure.TIMED_OUT, outcome.error().orElse("no answer in time")));
      case OUTCOME_UNKNOWN ->
          Optional.of(
              Failure.of(
                  CheckFailure.OUTCOME_UNKNOWN,
                  outcome
                      .error()
                      .orElse("picked up but not answered; retry is a person's decision")));
      default -> throw new IllegalArgumentException("not final: " + outcome.state());
    };
  }

  /** SegmentOfResult other than 1: OQS refused the whole request; empty for an answer. */
  public static Optional<Failure> refusedByOqs(ParsedDocument doc) {
    Optional<ResultHeader> header = OqsCodec.resultHeader(doc);
    String segment = header.flatMap(ResultHeader::segmentOfResult).map(Coded::raw).orElse("1");
    if (segment.equals("1")) {
      return Optional.empty();
    }
    Optional<String> code = header.flatMap(ResultHeader::errorCode);
    String message = header.flatMap(ResultHeader::errorMessage).orElse("");
    return Optional.of(
        new Failure(
            CheckFailure.OQS_ERROR,
            REFUSED_BY_OQS + segment + ", ErrorCode " + code.orElse("-") + " " + message,
            code));
  }
}
