package jp.oqsgateway.gateway.bootstrap;

import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.audit.AuditStore;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.concurrent.BoundedWorkers;
import jp.oqsgateway.gateway.events.SequencedEvent;
import jp.oqsgateway.gateway.notify.DeliveryAudit;
import jp.oqsgateway.gateway.notify.DeliveryQueue;
import jp.oqsgateway.gateway.notify.OutboxRelay;
import jp.oqsgateway.gateway.notify.SecretBox;
import jp.oqsgateway.gateway.notify.TargetPolicy;
import jp.oqsgateway.gateway.notify.WebhookSecrets;
import jp.oqsgateway.gateway.notify.WebhookStore;
import jp.oqsgateway.gateway.notify.WebhookTargets;

/**
 * Webhook subscriptions and the relay that delivers the outbox to them. The target policy refuses
 * the gateway's own ports; servers started later add theirs with {@link TargetPolicy#addOwnPort}.
 */
record Webhooks(
    WebhookStore store, SecretBox secrets, TargetPolicy policy, WebhookTargets targets) {

  /** Prepares the secrets, then deploys the relay, which also numbers events for the live feed. */
  static Webhooks start(
      GatewayConfig config,
      Platform platform,
      StartedDatabase database,
      int managementPort,
      AuditStore auditStore,
      OpenedParts opened,
      Consumer<List<SequencedEvent>> liveFeed) {
    Pool pool = platform.pool();
    WebhookStore webhookStore = new WebhookStore(pool);
    // After the migrations: V21 needs its Java half (the key is not in the database).
    SecretBox webhookSecrets =
        WebhookSecrets.prepare(webhookStore, config.relay().rules().secretKeyFile());
    TargetPolicy webhookPolicy = new TargetPolicy(config.relay().rules());
    webhookPolicy.addOwnPort(config.api().port());
    webhookPolicy.addOwnPort(config.management().port());
    webhookPolicy.addOwnPort(config.agents().port());
    webhookPolicy.addOwnPort(managementPort);
    webhookPolicy.addOwnPort(database.endpoint().port());
    BoundedWorkers webhookDns =
        BoundedWorkers.create(
            platform.vertx(),
            WebhookTargets.POOL,
            2,
            config.workerQueues().webhookDns(),
            platform.metrics().registry());
    opened.push(() -> webhookDns.close().await());
    WebhookTargets webhookTargets = new WebhookTargets(webhookPolicy, webhookDns.admitting());
    OutboxRelay relay =
        new OutboxRelay(
            new DeliveryAudit(pool, auditStore),
            new DeliveryQueue(pool),
            config.relay(),
            platform.metrics().registry(),
            Optional.of(database.connectOptions()),
            webhookTargets,
            webhookSecrets,
            liveFeed);
    String relayId = platform.vertx().deployVerticle(relay).await();
    opened.push(() -> platform.vertx().undeploy(relayId).await());
    return new Webhooks(webhookStore, webhookSecrets, webhookPolicy, webhookTargets);
  }
}
