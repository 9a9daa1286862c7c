package jp.oqsgateway.gateway.oqs.bulk;

import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsFormatException;
import jp.oqsgateway.gateway.oqs.message.OqsMessage;
import jp.oqsgateway.gateway.oqs.message.ReceptionResult;
import jp.oqsgateway.gateway.oqs.message.ResultHeader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * What the answer of each phase comes to, read through the typed codec: first the header says
 * whether OQS refused the whole request (SegmentOfResult other than 1, with its ErrorCode and
 * ErrorMessage); then the answer is decoded as the phase's message kind. An answer that breaks the
 * codec's rules is {@link BulkFailure.Reason#INVALID_RESULT} naming the rule, never a value.
 */
public final class BulkAnswers {
  private BulkAnswers() {}

  /** The upload's reception result: the ReceptionNumber to download with. */
  public static BulkOutcome<String> reception(
      BulkFamily<?> family, UUID exchangeId, ParsedDocument doc) {
    return read(
        BulkPhase.UPLOAD,
        exchangeId,
        doc,
        () -> {
          var received = (ReceptionResult) OqsCodec.decode(doc, family.answer(BulkPhase.UPLOAD));
          // Required in the body of a completed reception result (docs/OQS-PROTOCOL.md §2.5).
          return received
              .receptionNumber()
              .<BulkOutcome<String>>map(n -> new BulkOutcome.Answered<>(exchangeId, n))
              .orElseGet(
                  () ->
                      failed(
                          BulkPhase.UPLOAD,
                          BulkFailure.Reason.INVALID_RESULT,
                          exchangeId,
                          "the reception result has no ReceptionNumber"));
        });
  }

  /** The download's result, typed. */
  public static <R extends OqsMessage> BulkOutcome<R> download(
      BulkFamily<R> family, UUID exchangeId, ParsedDocument doc) {
    return read(
        BulkPhase.DOWNLOAD,
        exchangeId,
        doc,
        () ->
            new BulkOutcome.Answered<>(
                exchangeId,
                family.resultType().cast(OqsCodec.decode(doc, family.answer(BulkPhase.DOWNLOAD)))));
  }

  /**
   * A final exchange of the phase: its answer read by {@code reader}, or why there is none (the
   * failure carries the outcome).
   */
  static <R> BulkOutcome<R> of(
      BulkPhase phase,
      ExchangeOutcome outcome,
      BiFunction<UUID, ParsedDocument, BulkOutcome<R>> reader) {
    UUID id = outcome.exchangeId();
    BulkOutcome<R> read =
        switch (outcome.state()) {
          case ANSWERED ->
              outcome
                  .result()
                  .map(doc -> reader.apply(id, doc))
                  .orElseGet(
                      () ->
                          failed(
                              phase,
                              BulkFailure.Reason.INVALID_RESULT,
                              id,
                              "the answer was not stored"));
          case FAILED -> unanswered(phase, id, outcome, "the terminal reported an error");
          case TIMED_OUT -> unanswered(phase, id, outcome, "no answer in time");
          case OUTCOME_UNKNOWN ->
              unanswered(
                  phase, id, outcome, "picked up but not answered; retry is a person's decision");
          default -> throw new IllegalArgumentException("not final: " + outcome.state());
        };
    return read instanceof BulkOutcome.Failed<R> f
        ? new BulkOutcome.Failed<>(f.failure().with(outcome))
        : read;
  }

  private interface Decoding<R> {
    BulkOutcome<R> decode() throws OqsFormatException;
  }

  private static <R> BulkOutcome<R> read(
      BulkPhase phase, UUID exchangeId, ParsedDocument doc, Decoding<R> decoding) {
    Optional<ResultHeader> header = OqsCodec.resultHeader(doc);
    String segment = header.flatMap(ResultHeader::segmentOfResult).map(Coded::raw).orElse("1");
    if (!segment.equals("1")) {
      Optional<String> code = header.flatMap(ResultHeader::errorCode);
      String message = header.flatMap(ResultHeader::errorMessage).orElse("");
      return new BulkOutcome.Failed<>(
          new BulkFailure(
              phase,
              BulkFailure.Reason.REFUSED_BY_OQS,
              Optional.of(exchangeId),
              "SegmentOfResult " + segment + ", ErrorCode " + code.orElse("-") + " " + message,
              code,
              Optional.empty(),
              Optional.empty()));
    }
    try {
      return decoding.decode();
    } catch (OqsFormatException e) {
      return failed(phase, BulkFailure.Reason.INVALID_RESULT, exchangeId, e.getMessage());
    }
  }

  private static <R> BulkOutcome<R> unanswered(
      BulkPhase phase, UUID id, ExchangeOutcome outcome, String otherwise) {
    return failed(
        phase,
        BulkFailure.Reason.UNANSWERED,
        id,
        outcome.state() + ": " + outcome.error().orElse(otherwise));
  }

  static <R> BulkOutcome<R> failed(
      BulkPhase phase, BulkFailure.Reason reason, UUID exchangeId, String detail) {
    return new BulkOutcome.Failed<>(BulkFailure.of(phase, reason, exchangeId, detail));
  }
}
