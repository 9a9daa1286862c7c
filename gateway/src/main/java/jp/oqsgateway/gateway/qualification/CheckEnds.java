package jp.oqsgateway.gateway.qualification;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows, in this process, a check whose end was just committed (once per check): metrics,
 * its waiters, then the end listeners. State that must survive a crash does not belong here but in
 * a {@link CheckEndParticipant}.
 */
final class CheckEnds {
  private static final Logger LOG = LoggerFactory.getLogger(CheckEnds.class);

  private final CheckStore store;
  private final CheckMetrics metrics;
  private final CheckWaiters waiters;
  private final List<Consumer<QualificationCheck>> listeners = new CopyOnWriteArrayList<>();

  CheckEnds(CheckStore store, CheckMetrics metrics, CheckWaiters waiters) {
    this.store = store;
    this.metrics = metrics;
    this.waiters = waiters;
  }

  void onEnded(Consumer<QualificationCheck> listener) {
    listeners.add(listener);
  }

  void ended(QualificationCheck check) {
    metrics.ended(
        check.source(),
        check.state() == CheckState.ANSWERED
            ? "ANSWERED"
            : check.failure().map(Enum::name).orElse("FAILED"));
    if (check.queuedAt().isPresent()) {
      countQueued();
    }
    waiters.notify(check);
    for (Consumer<QualificationCheck> listener : listeners) {
      try {
        listener.accept(check);
      } catch (RuntimeException e) {
        LOG.atError().setCause(e).addKeyValue("checkId", check.id()).log("a check listener failed");
      }
    }
  }

  /** A check was just queued for a re-run (and served stale when an answer was known). */
  void queued(QualificationCheck check) {
    if (check.stale().isPresent()) {
      metrics.staleServed();
    }
    countQueued();
    waiters.notify(check);
  }

  /** Refreshes the queued-checks gauge from the database (the count survives restarts). */
  void countQueued() {
    store
        .countQueued()
        .onSuccess(metrics::queued)
        .onFailure(e -> LOG.atWarn().setCause(e).log("cannot count the queued checks"));
  }
}
