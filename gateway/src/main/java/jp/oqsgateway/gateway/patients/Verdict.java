package jp.oqsgateway.gateway.patients;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.bulk.BulkFailure;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.message.BulkRegistrationResult;
import jp.oqsgateway.gateway.oqs.message.BulkRegistrationUnit;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsFormatException;
import jp.oqsgateway.gateway.oqs.message.ProcessingResult;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistrationResult;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.patients.ReferenceRegistration.State;
import jp.oqsgateway.gateway.qualification.CheckFailure;
import jp.oqsgateway.gateway.qualification.ExchangeFailures;

/**
 * How a 照会番号 registration ended: the state to store, for a FAILED one the {@link CheckFailure} and
 * its detail, and OQS's ProcessingResultCode when it gave one. First the header says whether OQS
 * refused the whole request ({@link ExchangeFailures#refusedByOqs}); then the answer is decoded
 * through the typed codec ({@link OqsCodec}) as the message of the expected kind: one that breaks
 * the codec's rules is INVALID_RESULT naming the rule, never a value. A bulk registration's answers
 * are read by the generic bulk exchange ({@code oqs.bulk.BulkAnswers}, the same two steps); its
 * failures become verdicts here ({@link #ofBulkFailure}).
 */
record Verdict(
    State state, Optional<CheckFailure> failure, Optional<String> detail, Optional<String> code) {

  /** A row that never got an exchange: the gateway stopped before handing it to the link. */
  static final Verdict NEVER_SENT =
      failed(
          CheckFailure.OUTCOME_UNKNOWN,
          "the gateway stopped before the request was handed to the link; register again if the"
              + " 照会番号 is not on the qualification");

  static Verdict failed(CheckFailure f, String detail) {
    return new Verdict(State.FAILED, Optional.of(f), Optional.of(detail), Optional.empty());
  }

  /** How a final exchange ended without an answer to read; empty when it has one. */
  static Optional<Verdict> ofExchange(ExchangeOutcome outcome) {
    return ExchangeFailures.of(outcome).map(f -> failed(f.failure(), f.detail()));
  }

  /**
   * The link refused to take the request: a text the terminal's encoding cannot carry (nothing was
   * sent), or the link is down.
   */
  static Verdict refused(Throwable error) {
    Throwable cause = error;
    while (cause != null && !(cause instanceof UnencodableTextException)) {
      cause = cause.getCause();
    }
    return cause != null
        ? failed(CheckFailure.INVALID_REQUEST, cause.getMessage())
        : failed(CheckFailure.LINK_DOWN, "the link refused the request: " + error.getMessage());
  }

  /** The answer to one registration ({@code OQSsiimm01res}). */
  static Verdict ofSingle(ParsedDocument doc) {
    try {
      Optional<Verdict> refused = refusedByOqs(doc);
      if (refused.isPresent()) {
        return refused.get();
      }
      var result =
          (ReferenceNumberRegistrationResult) OqsCodec.decode(doc, MessageKind.OQS_SIIMM01_RES);
      return processing(result.processing());
    } catch (OqsFormatException e) {
      return failed(CheckFailure.INVALID_RESULT, e.getMessage());
    }
  }

  /**
   * A bulk registration that gave no result ({@link BulkFailure}), in either phase: the same
   * verdict a single registration gets for the same end.
   */
  static Verdict ofBulkFailure(BulkFailure f) {
    return switch (f.reason()) {
      case UNANSWERED -> f.outcome().flatMap(Verdict::ofExchange).orElseThrow();
      case REFUSED_BY_OQS ->
          new Verdict(
              State.FAILED,
              Optional.of(CheckFailure.OQS_ERROR),
              Optional.of(f.detail()),
              f.errorCode());
      case INVALID_RESULT -> failed(CheckFailure.INVALID_RESULT, f.detail());
      case NOT_SENT, NOT_RECORDED, UNKNOWN_EXCHANGE, STOPPED ->
          refused(f.cause().orElseGet(() -> new IllegalStateException(f.detail())));
    };
  }

  /**
   * Phase 2 of a bulk registration ({@code OQSmuimm02res}): a verdict per row, in the rows' order.
   * Units echo the registration; they are matched by its ReferenceNumber (the chart patient id),
   * else, when none echoes one, by position.
   */
  static List<Verdict> ofBulk(BulkRegistrationResult result, List<ReferenceRegistration> rows) {
    List<BulkRegistrationUnit> units = result.units();
    Map<String, BulkRegistrationUnit> byReference = new HashMap<>();
    units.forEach(
        u -> u.registration().ifPresent(reg -> byReference.putIfAbsent(reg.referenceNumber(), u)));
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      BulkRegistrationUnit unit =
          byReference.getOrDefault(
              rows.get(i).referenceNumber(),
              byReference.isEmpty() && i < units.size() ? units.get(i) : null);
      verdicts.add(
          unit == null
              ? failed(CheckFailure.INVALID_RESULT, "no BulkRegistrationUnit for this patient")
              : processing(unit.processing()));
    }
    return verdicts;
  }

  /** SegmentOfResult other than 1 in the header: OQS refused the whole request. */
  private static Optional<Verdict> refusedByOqs(ParsedDocument doc) {
    return ExchangeFailures.refusedByOqs(doc)
        .map(
            f ->
                new Verdict(
                    State.FAILED,
                    Optional.of(f.failure()),
                    Optional.of(f.detail()),
                    f.errorCode()));
  }

  /** ProcessingResultStatus 1 (or none: the result's content is unconfirmed) means registered. */
  private static Verdict processing(ProcessingResult p) {
    String status = p.status().map(Coded::raw).orElse("1");
    if (status.equals("1")) {
      return new Verdict(State.REGISTERED, Optional.empty(), Optional.empty(), p.code());
    }
    return new Verdict(
        State.FAILED,
        Optional.of(CheckFailure.OQS_ERROR),
        Optional.of(
            "ProcessingResultStatus "
                + status
                + ", ProcessingResultCode "
                + p.code().orElse("-")
                + " "
                + p.message().orElse("")),
        p.code());
  }
}
