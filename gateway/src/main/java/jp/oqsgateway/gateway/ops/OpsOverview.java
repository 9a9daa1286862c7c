package jp.oqsgateway.gateway.ops;

import io.vertx.core.Future;
import java.util.List;
import jp.oqsgateway.gateway.oqs.link.LinkStatus;
import jp.oqsgateway.gateway.oqs.link.OqsLink;

/**
 * One look at the gateway's operations, for the operations screen: the terminal link's liveness,
 * the exchanges waiting or waiting for a decision, the latest failed checks, the reader agents
 * connected, webhook delivery health and whether the demo's virtual card can be driven. Ids, kinds,
 * counts and times only: nothing here names a patient.
 */
public final class OpsOverview {
  /** How many failed checks the overview lists. */
  public static final int RECENT_FAILURES = 20;

  /** Everything at one moment (each part read on its own; they may be milliseconds apart). */
  public record Snapshot(
      LinkStatus link,
      OpsStore.ExchangeCounts exchanges,
      List<OpsStore.Failure> recentFailures,
      List<AgentConnections.Connected> agents,
      OpsStore.WebhookHealth webhooks,
      boolean virtualCard) {}

  private final OqsLink link;
  private final OpsStore store;
  private final AgentConnections agents;
  private final boolean virtualCard;

  public OpsOverview(OqsLink link, OpsStore store, AgentConnections agents, boolean virtualCard) {
    this.link = link;
    this.store = store;
    this.agents = agents;
    this.virtualCard = virtualCard;
  }

  public Future<Snapshot> read() {
    Future<LinkStatus> status = link.status();
    Future<OpsStore.ExchangeCounts> counts = store.exchangeCounts();
    Future<List<OpsStore.Failure>> failures = store.recentFailures(RECENT_FAILURES);
    Future<OpsStore.WebhookHealth> webhooks = store.webhookHealth();
    return Future.all(status, counts, failures, webhooks)
        .map(
            all ->
                new Snapshot(
                    status.result(),
                    counts.result(),
                    failures.result(),
                    agents.connected(),
                    webhooks.result(),
                    virtualCard));
  }
}
