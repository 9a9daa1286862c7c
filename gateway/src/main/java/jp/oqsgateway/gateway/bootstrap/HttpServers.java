package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.homevisit.ReinquiryRuns;
import jp.oqsgateway.gateway.homevisit.VisitScheduleStore;
import jp.oqsgateway.gateway.homevisit.VisitsDue;
import jp.oqsgateway.gateway.http.ApiContract;
import jp.oqsgateway.gateway.http.ApiOperations;
import jp.oqsgateway.gateway.http.ApiVerticle;
import jp.oqsgateway.gateway.http.ManagementVerticle;
import jp.oqsgateway.gateway.http.SystemStatusHandler;
import jp.oqsgateway.gateway.http.audit.AuditHandlers;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.auth.ClientLimits;
import jp.oqsgateway.gateway.http.cards.CardLinkTaskHandlers;
import jp.oqsgateway.gateway.http.checks.QualificationCheckHandlers;
import jp.oqsgateway.gateway.http.homevisit.ConsentedImportHandlers;
import jp.oqsgateway.gateway.http.homevisit.HomeVisitHandlers;
import jp.oqsgateway.gateway.http.homevisit.VisitScheduleHandlers;
import jp.oqsgateway.gateway.http.live.LiveEndpoints;
import jp.oqsgateway.gateway.http.medinfo.MedicalInformationHandlers;
import jp.oqsgateway.gateway.http.ops.OpsHandlers;
import jp.oqsgateway.gateway.http.patients.PatientHandlers;
import jp.oqsgateway.gateway.http.patients.ReferenceNumberHandlers;
import jp.oqsgateway.gateway.http.webhooks.WebhookHandlers;
import jp.oqsgateway.gateway.ops.ExchangeRetries;
import jp.oqsgateway.gateway.ops.OpsOverview;
import jp.oqsgateway.gateway.ops.OpsStore;
import jp.oqsgateway.gateway.ops.VirtualCardControl;
import jp.oqsgateway.gateway.qualification.CheckStore;
import jp.oqsgateway.gateway.tls.CertificateRenewal;
import jp.oqsgateway.gateway.tls.GatewayCa;
import jp.oqsgateway.gateway.tls.TlsConfig;

/** The management server, the API server with its operations, and their certificate. */
final class HttpServers {
  private HttpServers() {}

  /**
   * The API and management servers' certificate: the configured files must exist; one from the
   * gateway's CA is issued again when it nears expiry or the configured names changed.
   */
  static void prepareTls(GatewayConfig config) {
    if (config.api().tls().isEmpty() && config.management().tls().isEmpty()) {
      return;
    }
    TlsConfig tls = config.tls();
    if (tls.configured().isPresent()) {
      requireReadable("tls.cert", tls.configured().get().certificate());
      requireReadable("tls.key", tls.configured().get().key());
      return;
    }
    GatewayCa.open(tls.caDir()).serverCertificate(TlsConfig.HTTP_CERTIFICATE, tls.names());
  }

  private static void requireReadable(String key, Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          key + ": cannot read " + file + "; set " + key + " to a readable PEM file");
    }
  }

  /** Health, readiness and metrics on their own port. */
  static ManagementVerticle startManagement(
      GatewayConfig config, Platform platform, OpenedParts opened) {
    ManagementVerticle management =
        new ManagementVerticle(
            config.management(), platform.readiness(), platform.metrics().registry());
    String managementId = platform.vertx().deployVerticle(management).await();
    opened.push(() -> platform.vertx().undeploy(managementId).await());
    return management;
  }

  /** Every operation of the API contract, bound to its handler. */
  static List<ApiOperations> operations(
      GatewayConfig config,
      Platform platform,
      Domain domain,
      Webhooks webhooks,
      String version,
      LiveEndpoints live) {
    return List.of(
        b ->
            b.getRoute("getSystemStatus")
                .addHandler(new SystemStatusHandler(platform.readiness(), version)),
        new QualificationCheckHandlers(
                domain.checks(),
                config.link().zone(),
                config.checkWait(),
                domain.audit(),
                domain.homeVisits(),
                domain.homeVisitMetrics())
            ::register,
        new PatientHandlers(domain.patients(), domain.audit(), domain.references())::register,
        new ReferenceNumberHandlers(domain.references(), domain.audit(), config.checkWait())
            ::register,
        new AuditHandlers(domain.auditStore())::register,
        new WebhookHandlers(
                webhooks.store(),
                webhooks.targets(),
                webhooks.secrets(),
                config.relay().rules().maxSubscriptionsPerSubject())
            ::register,
        new CardLinkTaskHandlers(domain.cardStore())::register,
        new HomeVisitHandlers(domain.homeVisits(), domain.consentScopes(), domain.audit())
            ::register,
        visitSchedule(platform, domain)::register,
        new ConsentedImportHandlers(domain.consentedPatients(), domain.audit())::register,
        new MedicalInformationHandlers(domain.medicalInformation(), domain.audit())::register,
        opsHandlers(config, platform, domain)::register,
        live::register);
  }

  private static VisitScheduleHandlers visitSchedule(Platform platform, Domain domain) {
    VisitScheduleStore schedule = new VisitScheduleStore(platform.pool());
    VisitsDue due =
        new VisitsDue(
            schedule,
            domain.homeVisits(),
            domain.linkStore(),
            new CheckStore(platform.pool(), platform.outbox()));
    return new VisitScheduleHandlers(
        schedule, due, domain.audit(), new ReinquiryRuns(platform.pool()));
  }

  private static OpsHandlers opsHandlers(GatewayConfig config, Platform platform, Domain domain) {
    OpsStore store = new OpsStore(platform.pool());
    Optional<VirtualCardControl> card =
        config.virtualCardControl().map(a -> new VirtualCardControl(platform.vertx(), a));
    return new OpsHandlers(
        new OpsOverview(platform.link(), store, domain.agents(), card.isPresent()),
        store,
        new ExchangeRetries(platform.link()),
        card);
  }

  /** The API server, not deployed yet. */
  static ApiVerticle api(
      GatewayConfig config,
      Platform platform,
      ApiAuth auth,
      List<ApiOperations> operations,
      Future<ApiContract> contract) {
    return new ApiVerticle(
        config.api(),
        config.maxBodyBytes(),
        config.shutdownDrainTimeout(),
        auth,
        new ClientLimits(config.rateLimits(), platform.metrics().registry()),
        operations,
        contract);
  }

  /**
   * Waits for a verticle's deployment (begun earlier, so that its start, on its own event loop,
   * overlaps what the start did meanwhile) and pushes its undeployment onto {@code opened}.
   */
  static void deployed(Platform platform, Future<String> deployment, OpenedParts opened) {
    String id = deployment.await();
    opened.push(() -> platform.vertx().undeploy(id).await());
  }

  /** Renews the servers' certificate from the gateway's CA, unless files were configured. */
  static CertificateRenewal renewal(
      GatewayConfig config, ApiVerticle api, ManagementVerticle management) {
    CertificateRenewal renewal = new CertificateRenewal(config.tls().caDir());
    if (config.tls().configured().isEmpty()) {
      if (config.api().tls().isPresent()) {
        renewal.add(TlsConfig.HTTP_CERTIFICATE, config.tls().names(), api::reloadCertificate);
      }
      if (config.management().tls().isPresent()) {
        renewal.add(
            TlsConfig.HTTP_CERTIFICATE, config.tls().names(), management::reloadCertificate);
      }
    }
    return renewal;
  }
}
