package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import jp.oqsgateway.gateway.oqs.link.LinkStatus;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stale fallback ({@code qualification.stale-fallback}): while the link is DOWN a check is
 * queued (STALE_QUEUED) and served the last known answer of the same person, and each queued check
 * is re-run once, as a new exchange, when the link is UP again.
 */
final class StaleFallback {
  private static final Logger LOG = LoggerFactory.getLogger(StaleFallback.class);

  /** How a check is sent: the check, its request, and the check as it is once handed over. */
  interface Sender
      extends BiFunction<QualificationCheck, CheckRequest, Future<QualificationCheck>> {}

  private final CheckStore store;
  private final OqsLink link;
  private final CheckEnds ends;
  private final boolean enabled;

  StaleFallback(CheckStore store, OqsLink link, CheckEnds ends, boolean enabled) {
    this.store = store;
    this.link = link;
    this.ends = ends;
    this.enabled = enabled;
  }

  boolean enabled() {
    return enabled;
  }

  /** Queues while the link is DOWN and re-runs when it is UP again; nothing when disabled. */
  void follow(Sender send) {
    if (!enabled) {
      return;
    }
    link.onLivenessChange(
        status -> {
          if (status.down()) {
            queueWaiting();
          } else {
            rerunQueued(send);
          }
        });
  }

  /** Whether a new check is to be queued rather than sent: the fallback is on and OQS is down. */
  Future<Boolean> linkDown() {
    return enabled ? link.status().map(LinkStatus::down) : Future.succeededFuture(false);
  }

  /** WAITING → STALE_QUEUED with the last known answer; the check as it is now. */
  Future<QualificationCheck> queue(QualificationCheck check) {
    return store
        .lastKnown(check)
        .compose(last -> store.queue(check.id(), last))
        .compose(
            queued -> {
              if (queued.isPresent()) {
                ends.queued(queued.get());
                LOG.atInfo()
                    .addKeyValue("checkId", check.id())
                    .addKeyValue("staleServed", queued.get().stale().isPresent())
                    .log("OQS unreachable: check queued for a re-run");
                return Future.succeededFuture(queued.get());
              }
              return store.find(check.id()).map(found -> found.orElse(check));
            });
  }

  /** The link went DOWN: every check waiting for OQS is queued and served stale. */
  private void queueWaiting() {
    store
        .waiting()
        .onSuccess(
            waiting ->
                waiting.stream()
                    .filter(c -> c.source().equals("api"))
                    .forEach(
                        c ->
                            queue(c)
                                .onFailure(
                                    e ->
                                        LOG.atError()
                                            .setCause(e)
                                            .log("cannot queue a check while OQS is down"))))
        .onFailure(e -> LOG.atError().setCause(e).log("cannot list the waiting checks"));
  }

  /** The link is UP again: each queued check not re-run yet and not still pending is sent again. */
  private void rerunQueued(Sender send) {
    store
        .queued()
        .onSuccess(
            queued ->
                queued.stream()
                    .filter(c -> c.rerunAt().isEmpty())
                    .forEach(
                        c ->
                            c.exchangeId()
                                .map(
                                    ex ->
                                        link.find(ex)
                                            .map(e -> e.map(x -> x.state().isFinal()).orElse(true)))
                                .orElse(Future.succeededFuture(true))
                                .onSuccess(
                                    ended -> {
                                      if (ended) {
                                        rerun(c.id(), send);
                                      }
                                    })))
        .onFailure(e -> LOG.atError().setCause(e).log("cannot list the queued checks"));
  }

  /** Re-runs a queued check at once when the link is UP. */
  void rerunIfUp(UUID checkId, Sender send) {
    link.status()
        .onSuccess(
            status -> {
              if (status.state() == LinkStatus.State.UP) {
                rerun(checkId, send);
              }
            });
  }

  /** Re-runs a queued check as a new exchange, at most once (marked in the database first). */
  private void rerun(UUID checkId, Sender send) {
    store
        .markRerun(checkId)
        .compose(
            marked -> {
              if (marked.isEmpty()) {
                return Future.succeededFuture();
              }
              QualificationCheck check = marked.get();
              LOG.atInfo().addKeyValue("checkId", checkId).log("re-running a queued check");
              return send.apply(check, CheckRequest.fromJson(check.request()))
                  .<Void>mapEmpty()
                  .recover(
                      error ->
                          store
                              .failRerun(
                                  checkId,
                                  Optional.empty(),
                                  CheckFailure.LINK_DOWN,
                                  "the re-run could not be sent: " + error.getMessage())
                              .onSuccess(u -> u.ifPresent(ends::ended))
                              .mapEmpty());
            })
        .onFailure(e -> LOG.atError().setCause(e).log("cannot re-run a queued check"));
  }
}
