package jp.oqsgateway.gateway.bootstrap;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.agents.AgentEventStore;
import jp.oqsgateway.gateway.agents.AgentMetrics;
import jp.oqsgateway.gateway.agents.AgentsConfig;
import jp.oqsgateway.gateway.agents.CardEventIngestion;
import jp.oqsgateway.gateway.auth.TokenRevocationStore;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.cards.CardIdentity;
import jp.oqsgateway.gateway.cards.JpkiTrust;
import jp.oqsgateway.gateway.http.agents.AgentServer;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.ops.AgentConnections;
import jp.oqsgateway.gateway.tls.CertificateRenewal;
import jp.oqsgateway.gateway.tls.GatewayCa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server reader agents connect to, and the card-event ingestion behind it. */
final class AgentLink {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);

  /** File name stem of the agent server's certificate from the gateway's CA. */
  private static final String AGENT_CERTIFICATE = "server";

  private AgentLink() {}

  /** Starts the agent server when {@code agents.enabled}. */
  static Optional<Gateway.AgentEndpoint> startIfEnabled(
      GatewayConfig config,
      Platform platform,
      Domain domain,
      ApiAuth auth,
      CertificateRenewal renewal,
      OpenedParts opened) {
    if (!config.agents().enabled()) {
      return Optional.empty();
    }
    JpkiTrust trust = JpkiTrust.load(config.agents().jpkiCa());
    if (trust.size() == 0) {
      LOG.atWarn()
          .addKeyValue("key", "agents.jpki-ca")
          .log("no JPKI CA configured: reader agents' My Number cards will not verify");
    }
    CardIdentity identity =
        new CardIdentity(
            domain.cardStore(),
            domain.linkStore(),
            domain.checks(),
            Optional.of(domain.homeVisits()).filter(h -> config.homeVisit().fromCards()),
            domain.homeVisitMetrics(),
            trust,
            config.agents().requirePin(),
            config.agents().challengeTtl(),
            config.link().zone(),
            Clock.systemUTC());
    return Optional.of(
        start(
            config.agents(),
            platform,
            identity,
            auth,
            config.auth().tokenCacheTrust(),
            config.tls().extraNames(),
            renewal,
            domain.agents(),
            opened));
  }

  private static Gateway.AgentEndpoint start(
      AgentsConfig config,
      Platform platform,
      CardIdentity identity,
      ApiAuth auth,
      java.time.Duration revocationRecheck,
      List<String> extraNames,
      CertificateRenewal renewal,
      AgentConnections connections,
      OpenedParts opened) {
    List<String> hosts = new ArrayList<>(List.of(config.host()));
    hosts.addAll(extraNames);
    Set<String> names = GatewayCa.names(hosts);
    GatewayCa.ServerKeyCert tls =
        config.tlsCert().isPresent()
            ? new GatewayCa.ServerKeyCert(
                config.tlsCert().get(), config.tlsKey().get(), Optional.empty())
            : GatewayCa.open(config.generatedTlsDir()).serverCertificate(AGENT_CERTIFICATE, names);
    AgentMetrics agentMetrics = new AgentMetrics(platform.metrics().registry());
    CardEventIngestion ingestion =
        new CardEventIngestion(
            platform.vertx(),
            new AgentEventStore(platform.pool(), platform.outbox()),
            identity,
            agentMetrics);
    ingestion.start().await();
    opened.push(() -> ingestion.stop().await());
    AgentServer server =
        new AgentServer(
            config.host(),
            config.port(),
            tls.certificate(),
            tls.key(),
            config.idleTimeout(),
            auth,
            new TokenRevocationStore(platform.pool()),
            revocationRecheck,
            agentMetrics,
            connections);
    String id = platform.vertx().deployVerticle(server).await();
    opened.push(() -> platform.vertx().undeploy(id).await());
    if (config.tlsCert().isEmpty()) {
      renewal.add(AGENT_CERTIFICATE, names, server::reloadCertificate);
    }
    LOG.atInfo()
        .addKeyValue("host", config.host())
        .addKeyValue("port", server.actualPort())
        .addKeyValue("file", tls.ca().map(Object::toString).orElse("-"))
        .log(
            tls.ca().isPresent()
                ? "agent server ready; copy the CA file to each reception PC (agent setting"
                    + " gateway.ca-file)"
                : "agent server ready");
    return new Gateway.AgentEndpoint(server.actualPort(), tls.ca(), tls.certificate());
  }
}
