package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart, follows the checks a previous run left waiting or queued: their exchanges may
 * have ended meanwhile (then they end now, once), and a check whose request never reached the link
 * ends OUTCOME_UNKNOWN.
 */
final class CheckRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(CheckRecovery.class);

  private final CheckStore store;
  private final CheckExchanges exchanges;

  CheckRecovery(CheckStore store, CheckExchanges exchanges) {
    this.store = store;
    this.exchanges = exchanges;
  }

  Future<Void> resume() {
    return store
        .queued()
        .map(
            queued -> {
              // Their first exchange or their re-run may still end; the rest wait for the link.
              queued.forEach(c -> c.exchangeId().ifPresent(ex -> exchanges.follow(c.id(), ex)));
              return null;
            })
        .compose(v -> store.waiting())
        .map(
            waiting -> {
              follow(waiting);
              return null;
            });
  }

  private void follow(List<QualificationCheck> waiting) {
    for (QualificationCheck c : waiting) {
      c.exchangeId()
          .ifPresentOrElse(
              ex -> exchanges.follow(c.id(), ex),
              () ->
                  exchanges.conclude(
                      c.id(),
                      null,
                      new CheckResults.Failed(
                          CheckFailure.OUTCOME_UNKNOWN,
                          "the gateway stopped before the request was handed to the link")));
    }
    if (!waiting.isEmpty()) {
      LOG.atInfo().addKeyValue("count", waiting.size()).log("following checks left waiting");
    }
  }
}
