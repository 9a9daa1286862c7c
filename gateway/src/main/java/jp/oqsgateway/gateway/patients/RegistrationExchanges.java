package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.concurrent.BoundedWait;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.link.OqsRequest;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsMessage;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every 照会番号 registration does with the link and its rows: hands a request to the link and
 * records the exchange on the rows, waits for an exchange's end, and stores a {@link Verdict}.
 * Following that stops before the end (the link stopped) leaves the rows WAITING for the next start
 * ({@link RegistrationRecovery}).
 */
final class RegistrationExchanges {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrationExchanges.class);

  /** Following an exchange stopped before its end (the link stopped): the row stays WAITING. */
  private static final class StillWaiting extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StillWaiting(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final ReferenceRegistrationStore store;
  private final OqsLink link;
  private final String institutionCode;

  RegistrationExchanges(ReferenceRegistrationStore store, OqsLink link, String institutionCode) {
    this.store = store;
    this.link = link;
    this.institutionCode = institutionCode;
  }

  ReferenceRegistrationStore store() {
    return store;
  }

  /** The clinic's code, as every request carries it. */
  String institutionCode() {
    return institutionCode;
  }

  /** Hands {@code message} to the link and records its exchange on the row; the exchange's id. */
  Future<UUID> send(UUID rowId, RequestKind kind, OqsMessage message) {
    return link.submit(OqsRequest.of(kind, OqsCodec.toDocument(message, OqsCharset.SHIFT_JIS)))
        .compose(ex -> store.attachExchange(List.of(rowId), ex.id(), false).map(ex.id()));
  }

  /**
   * The exchange's end; fails with {@link StillWaiting} when following stopped before it (the link
   * stopped: the next start follows the row again), as it is when the exchange is unknown.
   */
  Future<ExchangeOutcome> outcomeOf(UUID exchangeId) {
    return link.outcome(exchangeId)
        .recover(
            e ->
                Future.failedFuture(e instanceof NoSuchElementException ? e : new StillWaiting(e)));
  }

  /**
   * What a failure to send or follow comes to: {@code waiting} as it is when following stopped (the
   * next start follows it), else {@code otherwise} (the link refused the request).
   */
  static <T> Future<T> whenFailed(Throwable error, T waiting, Supplier<Future<T>> otherwise) {
    if (!(error instanceof StillWaiting)) {
      return otherwise.get();
    }
    return leftWaiting(error.getMessage(), waiting);
  }

  /**
   * Following stopped before the end ({@code reason}): {@code waiting} as it is, for the next
   * start.
   */
  static <T> Future<T> leftWaiting(String reason, T waiting) {
    LOG.atInfo()
        .addKeyValue("reason", reason)
        .log("照会番号 registration left WAITING; the next start follows it");
    return Future.succeededFuture(waiting);
  }

  /** {@code work}'s outcome, or {@code waiting} as it is when {@code wait} passes first. */
  static <T> Future<T> within(Future<T> work, Duration wait, T waiting) {
    return BoundedWait.within(work, wait, () -> Future.succeededFuture(waiting));
  }

  /** Stores the verdict; the registration as it is after (unchanged when it had ended before). */
  Future<ReferenceRegistration> finish(UUID id, Verdict v) {
    return store
        .finish(id, v.state(), v.failure().map(Enum::name), v.detail(), v.code())
        .compose(
            done ->
                done.map(Future::succeededFuture)
                    .orElseGet(() -> store.find(id).map(Optional::orElseThrow)));
  }

  /** Stores one verdict per row, in order. */
  Future<List<ReferenceRegistration>> finishEach(
      List<ReferenceRegistration> rows, List<Verdict> verdicts) {
    List<Future<ReferenceRegistration>> ended = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ended.add(finish(rows.get(i).id(), verdicts.get(i)));
    }
    return Future.all(ended).map(all -> all.<ReferenceRegistration>list());
  }

  /** Stores the same verdict for every row. */
  Future<List<ReferenceRegistration>> finishAll(List<ReferenceRegistration> rows, Verdict v) {
    return finishEach(rows, rows.stream().map(r -> v).toList());
  }
}
