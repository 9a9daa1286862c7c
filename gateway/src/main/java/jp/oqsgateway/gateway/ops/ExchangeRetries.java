package jp.oqsgateway.gateway.ops;

import io.vertx.core.Future;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.link.Exchange;
import jp.oqsgateway.gateway.oqs.link.ExchangeState;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's decision to send an unanswered exchange again ({@link OqsLink#retry}: a new exchange
 * linked to the old one by {@code retryOf}). What may be retried is what the link allows: an
 * exchange that ended without an answer (FAILED, TIMED_OUT, OUTCOME_UNKNOWN). There is no audit log
 * of actions, so who decided is written to the log, with both exchange ids and nothing else.
 */
public final class ExchangeRetries {
  private static final Logger LOG = LoggerFactory.getLogger(ExchangeRetries.class);

  private final OqsLink link;

  public ExchangeRetries(OqsLink link) {
    this.link = link;
  }

  /**
   * The new exchange; a {@link Rejection} when {@code exchangeId} is unknown (not found) or may not
   * be retried (conflict: still pending, or answered).
   */
  public Future<Exchange> retry(UUID exchangeId, String subject) {
    return link.find(exchangeId)
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(
                    Rejection.notFound("exchangeId", "no exchange " + exchangeId));
              }
              ExchangeState state = found.get().state();
              if (!state.isFinal()) {
                return Future.failedFuture(notRetryable(exchangeId, "still pending"));
              }
              if (state == ExchangeState.ANSWERED) {
                return Future.failedFuture(notRetryable(exchangeId, "answered"));
              }
              return link.retry(exchangeId);
            })
        .onSuccess(
            created ->
                LOG.atInfo()
                    .addKeyValue("subject", subject)
                    .addKeyValue("exchangeId", exchangeId)
                    .addKeyValue("retryExchangeId", created.id())
                    .log("exchange sent again by a person's decision"));
  }

  private static Rejection notRetryable(UUID exchangeId, String why) {
    return Rejection.conflict(
            "exchange-not-retryable",
            "Exchange not retryable",
            "exchange "
                + exchangeId
                + " is "
                + why
                + "; only an exchange that ended without an answer (FAILED, TIMED_OUT,"
                + " OUTCOME_UNKNOWN) can be sent again")
        .onField("exchangeId");
  }
}
