package jp.oqsgateway.gateway.oqs.bulk;

import io.vertx.core.Future;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.link.OqsRequest;
import jp.oqsgateway.gateway.oqs.message.DownloadRequest;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsMessage;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * The two-phase bulk protocol, written once for every bulk family (docs/OQS-PROTOCOL.md §2.5, §2.6,
 * §2.8; docs/OQS-LINK.md "The generic bulk exchange"): the upload ({@code …01req}) is answered with
 * a ReceptionNumber; the download ({@code …02req}) with that number is answered with the result,
 * which the link asks for again while OQS answers "still processing" and unpacks when it comes as a
 * {@code .zip}.
 *
 * <p>Each phase's exchange is handed to the caller's {@link PhaseRecorder} before it is followed,
 * so a caller that persisted it takes the phase up after a restart with {@link #followUpload} or
 * {@link #followDownload}. Every returned future succeeds with a {@link BulkOutcome}: the typed
 * result, or a {@link BulkFailure} saying in which phase and why (a refused upload, a failed
 * download, one still processing after the link's re-asks, following stopped by the link's stop).
 */
public final class BulkExchange {
  private final OqsLink link;

  public BulkExchange(OqsLink link) {
    this.link = link;
  }

  /**
   * Sends {@code upload} (a phase-1 request of {@code family}: {@code OQSmuhvq01req}, …) and
   * follows both phases to the end.
   *
   * @throws IllegalArgumentException when {@code upload} is not {@code family}'s upload request
   */
  public <R extends OqsMessage> Future<BulkOutcome<R>> run(
      BulkFamily<R> family, OqsMessage upload, PhaseRecorder recorder) {
    if (upload.kind() != family.uploadRequest()) {
      throw new IllegalArgumentException(
          "a " + upload.kind().prefix() + " request is not the upload of " + family);
    }
    return send(BulkPhase.UPLOAD, family, upload, recorder)
        .compose(sent -> then(sent, id -> followUpload(family, id, recorder)));
  }

  /**
   * Follows the upload exchange {@code uploadExchangeId} (as recorded) to its end, then sends the
   * download with its ReceptionNumber, records it, and follows it.
   */
  public <R extends OqsMessage> Future<BulkOutcome<R>> followUpload(
      BulkFamily<R> family, UUID uploadExchangeId, PhaseRecorder recorder) {
    return follow(
            BulkPhase.UPLOAD,
            family,
            uploadExchangeId,
            (id, doc) -> BulkAnswers.reception(family, id, doc))
        .compose(
            received ->
                then(received, number -> download(family, uploadExchangeId, number, recorder)));
  }

  /** Sends the download with the upload's ReceptionNumber, records it and follows it. */
  private <R extends OqsMessage> Future<BulkOutcome<R>> download(
      BulkFamily<R> family, UUID uploadExchangeId, String number, PhaseRecorder recorder) {
    return link.find(uploadExchangeId)
        .compose(
            upload ->
                send(
                    BulkPhase.DOWNLOAD,
                    family,
                    new DownloadRequest(
                        family.downloadRequest(),
                        upload.orElseThrow().institutionCode(),
                        Optional.empty(),
                        number,
                        List.of()),
                    recorder))
        .recover(
            e ->
                Future.succeededFuture(
                    failure(BulkPhase.DOWNLOAD, BulkFailure.Reason.NOT_SENT, null, e)))
        .compose(sent -> then(sent, id -> followDownload(family, id)));
  }

  /** Follows the download exchange {@code downloadExchangeId} (as recorded) to its result. */
  public <R extends OqsMessage> Future<BulkOutcome<R>> followDownload(
      BulkFamily<R> family, UUID downloadExchangeId) {
    return follow(
        BulkPhase.DOWNLOAD,
        family,
        downloadExchangeId,
        (id, doc) -> BulkAnswers.download(family, id, doc));
  }

  /** Hands the phase's request to the link and the exchange to the recorder; the exchange's id. */
  private Future<BulkOutcome<UUID>> send(
      BulkPhase phase, BulkFamily<?> family, OqsMessage message, PhaseRecorder recorder) {
    OqsRequest request =
        OqsRequest.of(
            family.requestKind(phase), OqsCodec.toDocument(message, OqsCharset.SHIFT_JIS));
    return link.submit(request)
        .transform(
            submitted -> {
              if (submitted.failed()) {
                return Future.succeededFuture(
                    failure(phase, BulkFailure.Reason.NOT_SENT, null, submitted.cause()));
              }
              UUID id = submitted.result().id();
              return recorder
                  .record(phase, id)
                  .transform(
                      recorded ->
                          Future.succeededFuture(
                              recorded.succeeded()
                                  ? new BulkOutcome.Answered<>(id, id)
                                  : failure(
                                      phase,
                                      BulkFailure.Reason.NOT_RECORDED,
                                      id,
                                      recorded.cause())));
            });
  }

  /**
   * The phase's exchange to its end, its answer read by {@code reader}; STOPPED when the link
   * stopped first (the exchange resumes with the next start), UNKNOWN_EXCHANGE for an id the link
   * does not know or of another kind.
   */
  private <R> Future<BulkOutcome<R>> follow(
      BulkPhase phase,
      BulkFamily<?> family,
      UUID exchangeId,
      BiFunction<UUID, ParsedDocument, BulkOutcome<R>> reader) {
    return link.outcome(exchangeId)
        .transform(
            ended -> {
              if (ended.failed()) {
                BulkFailure.Reason reason =
                    ended.cause() instanceof NoSuchElementException
                        ? BulkFailure.Reason.UNKNOWN_EXCHANGE
                        : BulkFailure.Reason.STOPPED;
                return Future.succeededFuture(failure(phase, reason, exchangeId, ended.cause()));
              }
              ExchangeOutcome outcome = ended.result();
              if (outcome.exchange().kind() != family.requestKind(phase)) {
                return Future.succeededFuture(
                    BulkAnswers.<R>failed(
                        phase,
                        BulkFailure.Reason.UNKNOWN_EXCHANGE,
                        exchangeId,
                        "exchange "
                            + exchangeId
                            + " is "
                            + outcome.exchange().kind().prefix()
                            + ", not "
                            + family.requestKind(phase).prefix()));
              }
              return Future.succeededFuture(BulkAnswers.of(phase, outcome, reader));
            });
  }

  /** {@code next} with the answer, or the failure as it is. */
  private static <A, R> Future<BulkOutcome<R>> then(
      BulkOutcome<A> outcome, Function<A, Future<BulkOutcome<R>>> next) {
    if (outcome instanceof BulkOutcome.Answered<A> a) {
      return next.apply(a.result());
    }
    return Future.succeededFuture(
        new BulkOutcome.Failed<>(((BulkOutcome.Failed<A>) outcome).failure()));
  }

  private static <R> BulkOutcome<R> failure(
      BulkPhase phase, BulkFailure.Reason reason, UUID exchangeId, Throwable cause) {
    return new BulkOutcome.Failed<>(BulkFailure.because(phase, reason, exchangeId, cause));
  }
}
