package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart, follows the checks a previous run left waiting or queued: their exchanges may
 * have ended meanwhile (then they end now, once), and a check stored but never seen handed to the
 * link is followed or sent now ({@link CheckExchanges#resumeUnsent}): a request accepted once is
 * sent once, whenever the process stopped.
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
    int unsent = 0;
    for (QualificationCheck c : waiting) {
      if (c.exchangeId().isPresent()) {
        exchanges.follow(c.id(), c.exchangeId().get());
        continue;
      }
      unsent++;
      exchanges
          .resumeUnsent(c)
          .onFailure(
              e ->
                  LOG.atError()
                      .setCause(e)
                      .addKeyValue("checkId", c.id())
                      .log("cannot send a check the previous run stored"));
    }
    if (!waiting.isEmpty()) {
      LOG.atInfo()
          .addKeyValue("count", waiting.size())
          .addKeyValue("neverHandedToTheLink", unsent)
          .log("following checks left waiting");
    }
  }
}
