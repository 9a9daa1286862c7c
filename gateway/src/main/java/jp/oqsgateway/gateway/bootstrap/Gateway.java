package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.agents.AgentMetrics;
import jp.oqsgateway.gateway.agents.AgentServer;
import jp.oqsgateway.gateway.agents.CardEventIngestion;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.cards.CardIdentity;
import jp.oqsgateway.gateway.cards.JpkiTrust;
import jp.oqsgateway.gateway.health.DatabaseCheck;
import jp.oqsgateway.gateway.health.ExchangeFoldersCheck;
import jp.oqsgateway.gateway.health.Readiness;
import jp.oqsgateway.gateway.homevisit.HomeVisitMetrics;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.homevisit.ReinquiryOutcomes;
import jp.oqsgateway.gateway.http.ApiOperations;
import jp.oqsgateway.gateway.http.ApiVerticle;
import jp.oqsgateway.gateway.http.ManagementVerticle;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.SystemStatusHandler;
import jp.oqsgateway.gateway.http.audit.AuditHandlers;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.auth.ClientLimits;
import jp.oqsgateway.gateway.http.cards.CardLinkTaskHandlers;
import jp.oqsgateway.gateway.http.checks.QualificationCheckHandlers;
import jp.oqsgateway.gateway.http.homevisit.HomeVisitHandlers;
import jp.oqsgateway.gateway.http.patients.PatientHandlers;
import jp.oqsgateway.gateway.http.patients.ReferenceNumberHandlers;
import jp.oqsgateway.gateway.http.webhooks.WebhookHandlers;
import jp.oqsgateway.gateway.logging.RequestIds;
import jp.oqsgateway.gateway.metrics.GatewayMetrics;
import jp.oqsgateway.gateway.notify.DeliveryAudit;
import jp.oqsgateway.gateway.notify.LinkEvents;
import jp.oqsgateway.gateway.notify.Outbox;
import jp.oqsgateway.gateway.notify.OutboxRelay;
import jp.oqsgateway.gateway.notify.SecretBox;
import jp.oqsgateway.gateway.notify.TargetPolicy;
import jp.oqsgateway.gateway.notify.WebhookSecrets;
import jp.oqsgateway.gateway.notify.WebhookTargets;
import jp.oqsgateway.gateway.oqs.link.LinkConfig;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.link.OqsLinkCheck;
import jp.oqsgateway.gateway.patients.PatientQualifications;
import jp.oqsgateway.gateway.patients.ReferenceRegistrations;
import jp.oqsgateway.gateway.qualification.QualificationChecks;
import jp.oqsgateway.gateway.store.AgentEventStore;
import jp.oqsgateway.gateway.store.AuditStore;
import jp.oqsgateway.gateway.store.CardStore;
import jp.oqsgateway.gateway.store.CheckStore;
import jp.oqsgateway.gateway.store.DeliveryQueue;
import jp.oqsgateway.gateway.store.GatewayStarts;
import jp.oqsgateway.gateway.store.HomeVisitStore;
import jp.oqsgateway.gateway.store.PatientLinkStore;
import jp.oqsgateway.gateway.store.ReferenceRegistrationStore;
import jp.oqsgateway.gateway.store.TokenRevocationStore;
import jp.oqsgateway.gateway.store.WebhookStore;
import jp.oqsgateway.gateway.tls.CertificateRenewal;
import jp.oqsgateway.gateway.tls.GatewayCa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway and its lifecycle. {@link #start} returns only when every server listens and
 * every dependency was opened; {@link #stop} undoes it in reverse order: stop accepting, drain
 * in-flight requests, close pools, stop Vert.x, stop the embedded database.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  static final String FILES_POOL = "oqsgw-files";

  /** File name stem of the agent server's certificate from the gateway's CA. */
  private static final String AGENT_CERTIFICATE = "server";

  private final Deque<AutoCloseable> openedInOrder;
  private final StartedDatabase database;
  private final Vertx vertx;
  private final Pool pool;
  private final OqsLink link;
  private final int apiPort;
  private final int managementPort;
  private final Optional<AgentEndpoint> agents;
  private boolean stopped;

  /**
   * The agent server as started.
   *
   * @param ca the CA agents must trust when the gateway generated its certificate
   */
  public record AgentEndpoint(int port, Optional<java.nio.file.Path> ca) {}

  private Gateway(
      Deque<AutoCloseable> opened,
      StartedDatabase database,
      Vertx vertx,
      Pool pool,
      OqsLink link,
      int apiPort,
      int managementPort,
      Optional<AgentEndpoint> agents) {
    this.agents = agents;
    this.openedInOrder = opened;
    this.database = database;
    this.vertx = vertx;
    this.pool = pool;
    this.link = link;
    this.apiPort = apiPort;
    this.managementPort = managementPort;
  }

  /** Starts everything; on any failure, stops what was already started and rethrows. */
  public static Gateway start(GatewayConfig config, String version) {
    LanExposure.check(config);
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      prepareHttpTls(config);
      StartedDatabase database = DatabaseBootstrap.start(config.database());
      opened.push(database);
      prepareExchangeFolders(config.exchange(), config.link());

      GatewayMetrics metrics = new GatewayMetrics();
      Vertx vertx =
          Vertx.builder()
              .with(new VertxOptions().setMetricsOptions(metrics.options()))
              .withMetrics(metrics.factory())
              .build();
      opened.push(() -> vertx.close().await());
      RequestIds.propagateOn(vertx.eventBus());

      Pool pool = createPool(vertx, database.endpoint(), config.database().poolSize());
      opened.push(() -> pool.close().await());
      WorkerExecutor files = vertx.createSharedWorkerExecutor(FILES_POOL, config.filesPoolSize());
      opened.push(() -> files.close().await());

      OqsLink link =
          OqsLink.start(vertx, pool, files, linkConfig(config.link()), metrics.registry()).await();
      opened.push(() -> link.close().await());
      Outbox outbox = new Outbox();
      LinkEvents.forward(link, pool, outbox);

      Readiness readiness =
          new Readiness(config.healthCheckTimeout(), metrics.registry())
              .register(new DatabaseCheck(pool, database.embedded().isPresent()))
              .register(
                  new ExchangeFoldersCheck(
                      config.exchange().root(), config.exchange().minFreeBytes(), files))
              .register(new OqsLinkCheck(link));

      ManagementVerticle management =
          new ManagementVerticle(config.management(), readiness, metrics.registry());
      String managementId = vertx.deployVerticle(management).await();
      opened.push(() -> vertx.undeploy(managementId).await());
      QualificationChecks checks =
          QualificationChecks.start(
                  vertx,
                  new CheckStore(pool, outbox),
                  link,
                  config.link().institutionCode(),
                  config.staleFallback(),
                  metrics.registry(),
                  config.homeVisit().reinquiryFile())
              .await();
      HomeVisits homeVisits =
          new HomeVisits(
              new HomeVisitStore(pool, outbox),
              config.homeVisit().rules(),
              config.link().zone(),
              Clock.systemUTC());
      HomeVisitMetrics homeVisitMetrics = new HomeVisitMetrics(metrics.registry());
      new ReinquiryOutcomes(homeVisits, checks, homeVisitMetrics).attach();
      // Card readings become checks (source card), to be linked to their patient by a person.
      link.onFaceResult(
          doc ->
              checks
                  .recordCardReading(doc, config.faceReaderDesk())
                  .onFailure(e -> LOG.atError().setCause(e).log("cannot store a card reading")));
      CheckStore checkStore = new CheckStore(pool, outbox);
      AuditStore auditStore = new AuditStore(pool, config.link().zone());
      ReadAudit audit = new ReadAudit(auditStore);
      PatientQualifications patients =
          new PatientQualifications(
              checkStore,
              new PatientLinkStore(pool),
              link,
              config.qualificationFreshFor(),
              config.link().zone(),
              Clock.systemUTC());
      PatientLinkStore linkStore = new PatientLinkStore(pool);
      CardStore cardStore = new CardStore(pool, outbox);
      ReferenceRegistrations references =
          new ReferenceRegistrations(
              vertx,
              new ReferenceRegistrationStore(pool),
              linkStore,
              link,
              config.link().institutionCode(),
              config.referenceNumberAutoRegister());
      // Registrations a previous run left WAITING are followed to their end.
      references.resumeWaiting().await();
      WebhookStore webhookStore = new WebhookStore(pool);
      // After the migrations: V21 needs its Java half (the key is not in the database).
      SecretBox webhookSecrets =
          WebhookSecrets.prepare(webhookStore, config.relay().rules().secretKeyFile());
      TargetPolicy webhookPolicy = new TargetPolicy(config.relay().rules());
      webhookPolicy.addOwnPort(config.api().port());
      webhookPolicy.addOwnPort(config.management().port());
      webhookPolicy.addOwnPort(config.agents().port());
      webhookPolicy.addOwnPort(management.actualPort());
      webhookPolicy.addOwnPort(database.endpoint().port());
      WorkerExecutor webhookDns = vertx.createSharedWorkerExecutor(WebhookTargets.POOL, 2);
      opened.push(() -> webhookDns.close().await());
      WebhookTargets webhookTargets = new WebhookTargets(webhookPolicy, webhookDns);
      OutboxRelay relay =
          new OutboxRelay(
              new DeliveryAudit(pool, auditStore),
              new DeliveryQueue(pool),
              config.relay(),
              metrics.registry(),
              Optional.of(connectOptions(database.endpoint())),
              webhookTargets,
              webhookSecrets);
      String relayId = vertx.deployVerticle(relay).await();
      opened.push(() -> vertx.undeploy(relayId).await());
      List<ApiOperations> operations =
          List.of(
              b ->
                  b.getRoute("getSystemStatus")
                      .addHandler(new SystemStatusHandler(readiness, version)),
              new QualificationCheckHandlers(
                      checks,
                      config.link().zone(),
                      config.checkWait(),
                      audit,
                      homeVisits,
                      homeVisitMetrics)
                  ::register,
              new PatientHandlers(patients, audit, references)::register,
              new ReferenceNumberHandlers(references, audit, config.checkWait())::register,
              new AuditHandlers(auditStore)::register,
              new WebhookHandlers(
                      webhookStore,
                      webhookTargets,
                      webhookSecrets,
                      config.relay().rules().maxSubscriptionsPerSubject())
                  ::register,
              new CardLinkTaskHandlers(cardStore)::register,
              new HomeVisitHandlers(homeVisits, audit)::register);
      ApiAuth auth = ApiAuth.load(vertx, config.auth(), new TokenRevocationStore(pool)).await();
      ApiVerticle api =
          new ApiVerticle(
              config.api(),
              config.maxBodyBytes(),
              config.shutdownDrainTimeout(),
              auth,
              new ClientLimits(config.rateLimits(), metrics.registry()),
              operations);
      String apiId = vertx.deployVerticle(api).await();
      opened.push(() -> vertx.undeploy(apiId).await());
      CertificateRenewal renewal = new CertificateRenewal(config.tls().caDir());
      if (config.tls().configured().isEmpty()) {
        if (config.api().tls().isPresent()) {
          renewal.add(GatewayConfig.HTTP_CERTIFICATE, config.tls().names(), api::reloadCertificate);
        }
        if (config.management().tls().isPresent()) {
          renewal.add(
              GatewayConfig.HTTP_CERTIFICATE, config.tls().names(), management::reloadCertificate);
        }
      }
      webhookPolicy.addOwnPort(api.actualPort());
      Optional<AgentEndpoint> agents = Optional.empty();
      if (config.agents().enabled()) {
        JpkiTrust trust = JpkiTrust.load(config.agents().jpkiCa());
        if (trust.size() == 0) {
          LOG.atWarn()
              .addKeyValue("key", "agents.jpki-ca")
              .log("no JPKI CA configured: reader agents' My Number cards will not verify");
        }
        CardIdentity identity =
            new CardIdentity(
                cardStore,
                linkStore,
                checks,
                Optional.of(homeVisits).filter(h -> config.homeVisit().fromCards()),
                homeVisitMetrics,
                trust,
                config.agents().requirePin(),
                config.agents().challengeTtl(),
                config.link().zone(),
                Clock.systemUTC());
        agents =
            Optional.of(
                startAgents(
                    vertx,
                    config.agents(),
                    pool,
                    outbox,
                    identity,
                    auth,
                    config.auth().tokenCacheTrust(),
                    metrics,
                    config.tls().extraNames(),
                    renewal,
                    opened));
        webhookPolicy.addOwnPort(agents.get().port());
      }
      long renewalTimer = renewal.start(vertx, files, config.tls().renewalCheckInterval());
      opened.push(() -> vertx.cancelTimer(renewalTimer));

      new GatewayStarts(pool).record(version, database.embedded().isPresent()).await();
      LOG.atInfo()
          .addKeyValue("version", version)
          .addKeyValue("port", api.actualPort())
          .addKeyValue("schemaVersion", database.schemaVersion())
          .addKeyValue("embedded", database.embedded().isPresent())
          .log("gateway ready");
      return new Gateway(
          opened, database, vertx, pool, link, api.actualPort(), management.actualPort(), agents);
    } catch (Exception e) {
      // Future.await() rethrows checked causes (e.g. BindException) as they are.
      closeAll(opened);
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    } catch (Error e) {
      closeAll(opened);
      throw e;
    }
  }

  private static AgentEndpoint startAgents(
      Vertx vertx,
      GatewayConfig.AgentsConfig config,
      Pool pool,
      Outbox outbox,
      CardIdentity identity,
      ApiAuth auth,
      Duration revocationRecheck,
      GatewayMetrics metrics,
      List<String> extraNames,
      CertificateRenewal renewal,
      Deque<AutoCloseable> opened) {
    List<String> hosts = new ArrayList<>(List.of(config.host()));
    hosts.addAll(extraNames);
    Set<String> names = GatewayCa.names(hosts);
    GatewayCa.ServerKeyCert tls =
        config.tlsCert().isPresent()
            ? new GatewayCa.ServerKeyCert(
                config.tlsCert().get(), config.tlsKey().get(), Optional.empty())
            : GatewayCa.open(config.generatedTlsDir()).serverCertificate(AGENT_CERTIFICATE, names);
    AgentMetrics agentMetrics = new AgentMetrics(metrics.registry());
    CardEventIngestion ingestion =
        new CardEventIngestion(vertx, new AgentEventStore(pool, outbox), identity, agentMetrics);
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
            new TokenRevocationStore(pool),
            revocationRecheck,
            agentMetrics);
    String id = vertx.deployVerticle(server).await();
    opened.push(() -> vertx.undeploy(id).await());
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
    return new AgentEndpoint(server.actualPort(), tls.ca());
  }

  /**
   * The API and management servers' certificate: the configured files must exist; one from the
   * gateway's CA is issued again when it nears expiry or the configured names changed.
   */
  private static void prepareHttpTls(GatewayConfig config) {
    if (config.api().tls().isEmpty() && config.management().tls().isEmpty()) {
      return;
    }
    GatewayConfig.TlsConfig tls = config.tls();
    if (tls.configured().isPresent()) {
      requireReadable("tls.cert", tls.configured().get().certificate());
      requireReadable("tls.key", tls.configured().get().key());
      return;
    }
    GatewayCa.open(tls.caDir()).serverCertificate(GatewayConfig.HTTP_CERTIFICATE, tls.names());
  }

  private static void requireReadable(String key, java.nio.file.Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          key + ": cannot read " + file + "; set " + key + " to a readable PEM file");
    }
  }

  private static PgConnectOptions connectOptions(PgEndpoint endpoint) {
    return PgConnections.options(endpoint);
  }

  static Pool createPool(Vertx vertx, PgEndpoint endpoint, int size) {
    PgConnectOptions connect = connectOptions(endpoint);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("oqsgw"))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  private static void prepareExchangeFolders(
      GatewayConfig.ExchangeFoldersConfig exchange, GatewayConfig.OqsLinkConfig link) {
    if (!exchange.createFolders()) {
      return;
    }
    try {
      for (String folder : ExchangeFoldersCheck.FOLDERS) {
        Files.createDirectories(exchange.root().resolve(folder));
      }
      Files.createDirectories(link.reqDir());
      Files.createDirectories(link.resDir());
      Files.createDirectories(link.faceDir());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create the exchange folders under " + exchange.root() + ": " + e.getMessage(), e);
    }
  }

  public int apiPort() {
    return apiPort;
  }

  public int managementPort() {
    return managementPort;
  }

  /** The agent server, when {@code agents.enabled}. */
  public Optional<AgentEndpoint> agents() {
    return agents;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  /** The file link to the terminal: what the chart API submits requests through. */
  public OqsLink link() {
    return link;
  }

  static LinkConfig linkConfig(GatewayConfig.OqsLinkConfig c) {
    LinkConfig defaults = LinkConfig.defaults(c.reqDir().getParent());
    return new LinkConfig(
        c.reqDir(),
        c.resDir(),
        c.faceDir(),
        c.archiveDir(),
        c.timeout(),
        c.timeouts(),
        c.pickupThreshold(),
        c.scanInterval(),
        c.stableDelay(),
        defaults.errGrace(),
        c.bulkReaskInterval(),
        c.bulkReaskMax(),
        c.faceMaxAge(),
        c.probeIdle(),
        c.institutionCode(),
        c.requestEncoding(),
        c.zone(),
        defaults.maxResultBytes(),
        c.scanBudgetMb() * 1024L * 1024);
  }

  public StartedDatabase database() {
    return database;
  }

  /** Stops everything in reverse order of start; safe to call twice. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    LOG.info("gateway stopping");
    closeAll(openedInOrder);
    LOG.info("gateway stopped");
  }

  @Override
  public void close() {
    stop();
  }

  private static void closeAll(Deque<AutoCloseable> opened) {
    while (!opened.isEmpty()) {
      AutoCloseable next = opened.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.atWarn().setCause(e).log("error while stopping; continuing with the rest");
      }
    }
  }
}
