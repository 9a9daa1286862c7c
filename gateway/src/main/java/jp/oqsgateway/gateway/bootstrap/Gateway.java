package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.auth.TokenRevocationStore;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.concurrent.BoundedWorkers;
import jp.oqsgateway.gateway.http.ApiContract;
import jp.oqsgateway.gateway.http.ApiOperations;
import jp.oqsgateway.gateway.http.ApiVerticle;
import jp.oqsgateway.gateway.http.ManagementVerticle;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.auth.SigningKeyExpiry;
import jp.oqsgateway.gateway.jobs.JobKind;
import jp.oqsgateway.gateway.jobs.Jobs;
import jp.oqsgateway.gateway.ops.OpsGauges;
import jp.oqsgateway.gateway.ops.OpsStore;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.tls.CertificateExpiry;
import jp.oqsgateway.gateway.tls.CertificateRenewal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway and its lifecycle. {@link #start} returns only when every server listens and
 * every dependency was opened, and only then may readiness answer UP (and systemd hear "ready");
 * {@link #stop} turns readiness DOWN, then undoes the start in reverse order: stop accepting, drain
 * in-flight requests, close pools, stop Vert.x, stop the embedded database.
 *
 * <p>The parts: {@link Platform} (Vert.x, pools, file link), {@link Domain} (the workflows), {@link
 * Webhooks}, {@link HttpServers} (management and API) and {@link AgentLink} (reader agents).
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final OpenedParts opened;
  private final StartedDatabase database;
  private final Platform platform;
  private final int apiPort;
  private final int managementPort;
  private final Optional<AgentEndpoint> agents;
  private boolean stopped;

  /**
   * The agent server as started.
   *
   * @param ca the CA agents must trust when the gateway generated its certificate
   * @param certificate the PEM file of the certificate the agent server serves
   */
  public record AgentEndpoint(int port, Optional<Path> ca, Path certificate) {}

  private Gateway(
      OpenedParts opened,
      StartedDatabase database,
      Platform platform,
      int apiPort,
      int managementPort,
      Optional<AgentEndpoint> agents) {
    this.opened = opened;
    this.database = database;
    this.platform = platform;
    this.apiPort = apiPort;
    this.managementPort = managementPort;
    this.agents = agents;
  }

  /** Starts everything; on any failure, stops what was already started and rethrows. */
  public static Gateway start(GatewayConfig config, String version) {
    return start(config, version, List.of());
  }

  /**
   * As {@link #start(GatewayConfig, String)}, running these kinds of job besides the gateway's own
   * (tests register a kind of their own so).
   */
  public static Gateway start(GatewayConfig config, String version, List<JobKind> jobKinds) {
    LanExposure.check(config);
    OpenedParts opened = new OpenedParts();
    // Settings that refuse the start are checked before anything starts.
    HttpServers.prepareTls(config);
    // The database starts on a thread of its own; the contract is read on another, then resolved
    // on Vert.x, which is built meanwhile.
    DatabaseStart databaseStart = DatabaseStart.begin(config.database());
    CompletableFuture<ApiContract.Parsed> contractParsed =
        ApiContract.parseInBackground(ApiVerticle.CONTRACT);
    try {
      Platform.Base base = Platform.Base.start(config, opened);
      Vertx vertx = base.vertx();
      Future<ApiContract> contract = ApiContract.resolve(vertx, contractParsed);
      Platform.prepareExchangeFolders(config.exchange(), config.link());
      Optional<Pool> pool =
          databaseStart
              .serverUp()
              .map(
                  o ->
                      Platform.opening(
                          vertx,
                          o,
                          config.database().poolSize(),
                          config.database().pointReadConnections()));
      StartedDatabase database = databaseStart.await();
      opened.push(database);
      Platform platform = Platform.start(config, base, database, pool, opened);
      // The token keys are read and checked on a worker while the rest is built.
      TokenRevocationStore revocations = new TokenRevocationStore(platform.pool());
      Future<ApiAuth> authLoaded = ApiAuth.load(vertx, config.auth(), revocations);
      ManagementVerticle management = HttpServers.startManagement(config, platform, opened);
      Domain domain = Domain.start(config, platform);
      Jobs jobs = JobsWiring.start(config, platform, JobsWiring.kinds(domain, jobKinds), opened);
      LiveNotifications live = LiveNotifications.create(config, platform, domain.auditStore());
      Webhooks webhooks =
          Webhooks.start(
              config,
              platform,
              database,
              management.actualPort(),
              domain.auditStore(),
              opened,
              live.feed()::publish);
      OpsGauges gauges =
          new OpsGauges(
              new OpsStore(platform.pool()), platform.metrics().registry(), Clock.systemUTC());
      Future<Void> gaugesRead = gauges.refresh(); // read by the time the gateway is ready
      long opsGauges = gauges.every(vertx);
      opened.push(() -> vertx.cancelTimer(opsGauges));
      AuditWatching.start(config, platform, database, opened);
      ApiAuth auth = live.guards(authLoaded.await());
      auth.bindMetrics(platform.metrics().registry());
      SigningKeyExpiry keyExpiry = new SigningKeyExpiry(platform.metrics().registry());
      platform.files().executeBlocking(() -> keyExpiry.read(config.auth()), false).await();
      List<ApiOperations> operations =
          Stream.concat(
                  HttpServers.operations(
                      config,
                      platform,
                      domain,
                      webhooks,
                      version,
                      live.endpoints(auth, revocations))
                      .stream(),
                  Stream.concat(
                      ReceptionWiring.operations(config, platform, domain).stream(),
                      Stream.of(JobsWiring.operations(jobs, domain.audit()))))
              .toList();
      // The API server builds its router and listens on its event loop while the agent server
      // starts on another.
      ApiVerticle api = HttpServers.api(config, platform, auth, operations, contract);
      Future<String> apiDeployment = vertx.deployVerticle(api);
      CertificateRenewal renewal = HttpServers.renewal(config, api, management);
      Optional<AgentEndpoint> agents =
          AgentLink.startIfEnabled(config, platform, domain, auth, renewal, opened);
      HttpServers.deployed(platform, apiDeployment, opened);
      opened.push(live.feed()::stop); // before the API server stops: clients get 1001
      webhooks.policy().addOwnPort(api.actualPort());
      agents.ifPresent(a -> webhooks.policy().addOwnPort(a.port()));
      long renewalTimer =
          renewal.start(vertx, platform.files(), config.tls().renewalCheckInterval());
      opened.push(() -> vertx.cancelTimer(renewalTimer));
      CertificateExpiry expiry = new CertificateExpiry(platform.metrics().registry());
      config.api().tls().ifPresent(t -> expiry.watch("api", t.certificate()));
      config.management().tls().ifPresent(t -> expiry.watch("management", t.certificate()));
      agents.ifPresent(a -> expiry.watch("agents", a.certificate()));
      long expiryTimer = expiry.start(vertx, platform.files(), config.tls().renewalCheckInterval());
      opened.push(() -> vertx.cancelTimer(expiryTimer));

      new GatewayStarts(platform.pool()).record(version, database.embedded().isPresent()).await();
      gaugesRead.await();
      long readinessTimer = platform.readiness().evaluateEvery(vertx, OpsGauges.REFRESH);
      opened.push(() -> vertx.cancelTimer(readinessTimer));
      // Every server listens now: readiness may turn UP, and systemd may go on.
      platform.readiness().serving(true);
      ServiceReady serviceReady = ServiceReady.from(System.getenv());
      opened.push(serviceReady::stopping);
      serviceReady.ready(vertx);
      LOG.atInfo()
          .addKeyValue("version", version)
          .addKeyValue("port", api.actualPort())
          .addKeyValue("schemaVersion", database.schemaVersion())
          .addKeyValue("embedded", database.embedded().isPresent())
          .log("gateway ready");
      return new Gateway(
          opened, database, platform, api.actualPort(), management.actualPort(), agents);
    } catch (Exception e) {
      // Future.await() rethrows checked causes (e.g. BindException) as they are.
      opened.closeAll();
      databaseStart.abandon();
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    } catch (Error e) {
      opened.closeAll();
      databaseStart.abandon();
      throw e;
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
    return platform.vertx();
  }

  public Pool pool() {
    return platform.pool();
  }

  /** The worker pool for file-system work, bounded. */
  public BoundedWorkers files() {
    return platform.files();
  }

  /** The file link to the terminal: what the chart API submits requests through. */
  public OqsLink link() {
    return platform.link();
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
    platform.readiness().serving(false);
    opened.closeAll();
    LOG.info("gateway stopped");
  }

  @Override
  public void close() {
    stop();
  }
}
