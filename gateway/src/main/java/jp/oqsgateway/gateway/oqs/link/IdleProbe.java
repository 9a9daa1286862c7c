package jp.oqsgateway.gateway.oqs.link;

import jp.oqsgateway.gateway.sql.RowIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional idle probe ({@code oqs.link.probe-idle}): when nothing is pending and nothing was
 * written or picked up for that long, an {@code OQSmuquc02req} for a ReceptionNumber that cannot
 * exist shows whether the link program still answers. Unconfirmed that the terminal touches no
 * patient record for it (docs/OQS-LINK.md). Probes are ordinary exchanges ({@code probe = true}).
 * Runs on the link's context ({@link PendingExchanges}).
 */
final class IdleProbe {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);

  private final LinkConfig config;
  private final PendingExchanges exchanges;
  private final LinkLiveness liveness;
  private final RequestWriter writer;

  IdleProbe(
      LinkConfig config, PendingExchanges exchanges, LinkLiveness liveness, RequestWriter writer) {
    this.config = config;
    this.exchanges = exchanges;
    this.liveness = liveness;
    this.writer = writer;
  }

  /** How often to look whether the link is idle. */
  long checkEveryMillis() {
    return Math.max(1000, Math.min(config.probeIdle().toMillis(), 60_000));
  }

  void maybeProbe() {
    if (exchanges.closed() || !exchanges.isEmpty() || !liveness.idleFor(config.probeIdle())) {
      return;
    }
    OqsRequest probe =
        new OqsRequest(
            RequestKind.MUQUC02,
            RequestDocuments.probe(config.probeInstitutionCode()),
            config.requestCharset());
    writer
        .submit(probe, RowIds.next(), null, true)
        .onFailure(e -> LOG.atWarn().setCause(e).log("could not send the liveness probe"));
  }
}
