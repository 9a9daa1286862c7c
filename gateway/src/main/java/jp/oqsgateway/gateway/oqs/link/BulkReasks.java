package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bulk download answered {@code SegmentOfResult=2} (still processing) is asked again with a new
 * request file carrying the same ReceptionNumber after {@code oqs.link.bulk-reask-interval}, at
 * most {@code oqs.link.bulk-reask-max} times (same exchange, {@code reaskCount} counts them), then
 * FAILED. Runs on the link's context ({@link PendingExchanges}).
 */
final class BulkReasks {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);

  private final Vertx vertx;
  private final LinkConfig config;
  private final ExchangeStore store;
  private final PendingExchanges exchanges;
  private final RequestWriter writer;
  private final Deadlines deadlines;
  private final List<Long> timers = new ArrayList<>();

  BulkReasks(
      Vertx vertx,
      LinkConfig config,
      ExchangeStore store,
      PendingExchanges exchanges,
      RequestWriter writer,
      Deadlines deadlines) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.exchanges = exchanges;
    this.writer = writer;
    this.deadlines = deadlines;
  }

  /** The terminal is still processing the bulk request: ask again later, or give up. */
  Future<Void> stillProcessing(Pending p) {
    if (p.exchange.reaskCount() >= config.reaskMax()) {
      return exchanges.fail(
          p,
          "bulk result still processing (SegmentOfResult=2) after "
              + p.exchange.reaskCount()
              + " re-asks");
    }
    p.reasking = true;
    vertx.cancelTimer(p.deadlineTimer);
    LOG.atInfo()
        .addKeyValue("exchangeId", p.exchange.id())
        .addKeyValue("reask", p.exchange.reaskCount() + 1)
        .log("bulk result still processing; asking again later");
    long t = vertx.setTimer(Math.max(1, config.reaskInterval().toMillis()), id -> reask(p));
    timers.add(t);
    return Future.succeededFuture();
  }

  /** Cancels the re-asks not yet sent; their exchanges resume at the next start. */
  void close() {
    timers.forEach(vertx::cancelTimer);
  }

  /**
   * Writes the new request file. A re-ask that fails ends the exchange FAILED, and that end is
   * tried again until it is recorded ({@link PendingExchanges#endSurely}): the exchange has no
   * deadline meanwhile, so nothing else would end it.
   */
  private void reask(Pending p) {
    if (exchanges.closed() || !exchanges.waitingOn(p.exchange.id())) {
      return;
    }
    Exchange old = p.exchange;
    writer
        .sentDocument(old)
        .compose(
            doc ->
                writer
                    .stageUnderFreeName(
                        old.kind(),
                        name ->
                            RequestWriter.encode(
                                doc.root(), OqsCharset.fromDeclared(old.requestCharset())),
                        false)
                    .compose(staged -> askAgain(p, old, staged.name(), staged.bytes())))
        .onFailure(
            e -> {
              if (exchanges.closed() || !exchanges.waitingOn(p)) {
                return;
              }
              LOG.atWarn()
                  .addKeyValue("exchangeId", p.exchange.id())
                  .addKeyValue("reason", e.getClass().getName())
                  .log("could not ask again for a bulk result; the exchange fails");
              exchanges.endSurely(
                  p,
                  PendingExchanges.End.failed(
                      "could not ask again for the bulk result: " + e.getMessage()));
            });
  }

  /**
   * With the new request file staged: moves the exchange to it, re-arms its deadline and publishes
   * the file (the order of {@link RequestWriter#submit}).
   */
  private Future<Exchange> askAgain(Pending p, Exchange old, String name, byte[] bytes) {
    Instant now = Instant.now();
    return store
        .reask(old.id(), old.requestFile(), name, bytes, now, now.plus(config.timeout(old.kind())))
        .compose(
            updated -> {
              if (updated.isEmpty()) {
                exchanges.untrack(p);
                return writer.discard(name).map(v -> (Exchange) null);
              }
              exchanges.renamed(p, updated.get());
              p.reasking = false;
              p.problem = null;
              deadlines.arm(p);
              return writer.publish(updated.get());
            });
  }
}
