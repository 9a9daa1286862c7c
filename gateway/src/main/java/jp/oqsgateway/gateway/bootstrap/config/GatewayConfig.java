package jp.oqsgateway.gateway.bootstrap.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.agents.AgentsConfig;
import jp.oqsgateway.gateway.agents.AgentsSettings;
import jp.oqsgateway.gateway.audit.AuditSettings;
import jp.oqsgateway.gateway.bootstrap.DatabaseConfig;
import jp.oqsgateway.gateway.bootstrap.DatabaseSettings;
import jp.oqsgateway.gateway.consented.ConsentedConfig;
import jp.oqsgateway.gateway.consented.ConsentedSettings;
import jp.oqsgateway.gateway.homevisit.HomeVisitConfig;
import jp.oqsgateway.gateway.homevisit.HomeVisitSettings;
import jp.oqsgateway.gateway.homevisit.ImportConfig;
import jp.oqsgateway.gateway.homevisit.ImportSettings;
import jp.oqsgateway.gateway.http.HttpServerConfig;
import jp.oqsgateway.gateway.http.HttpSettings;
import jp.oqsgateway.gateway.http.auth.AuthConfig;
import jp.oqsgateway.gateway.http.auth.AuthSettings;
import jp.oqsgateway.gateway.http.auth.ClientLimits;
import jp.oqsgateway.gateway.jobs.JobsConfig;
import jp.oqsgateway.gateway.jobs.JobsSettings;
import jp.oqsgateway.gateway.live.LiveConfig;
import jp.oqsgateway.gateway.live.LiveSettings;
import jp.oqsgateway.gateway.notify.RelayConfig;
import jp.oqsgateway.gateway.notify.WebhookSettings;
import jp.oqsgateway.gateway.ops.DemoSettings;
import jp.oqsgateway.gateway.oqs.link.ExchangeFoldersConfig;
import jp.oqsgateway.gateway.oqs.link.LinkSettings;
import jp.oqsgateway.gateway.oqs.link.OqsLinkConfig;
import jp.oqsgateway.gateway.qualification.QualificationSettings;
import jp.oqsgateway.gateway.reception.ReceptionConfig;
import jp.oqsgateway.gateway.reception.ReceptionSettings;
import jp.oqsgateway.gateway.tls.TlsConfig;
import jp.oqsgateway.gateway.tls.TlsSettings;
import jp.oqsgateway.settings.ConfigSource;

/**
 * The gateway's typed configuration, read once at startup and passed through constructors. Each
 * part is read by the settings class beside its owner; this record only puts them together.
 *
 * @param home the gateway home: relative paths in the configuration resolve against it
 * @param virtualCardControl the demo's virtual card control channel (loopback), when there is one
 * @param auditVerifyInterval how often the gateway verifies the read audit's chain
 * @param auditCommitWait how long an audit commit of a few rows right after another waits for more
 */
public record GatewayConfig(
    Path home,
    HttpServerConfig api,
    HttpServerConfig management,
    int maxBodyBytes,
    ClientLimits.Config rateLimits,
    Duration checkWait,
    Duration qualificationFreshFor,
    boolean referenceNumberAutoRegister,
    ImportConfig consentedImport,
    boolean staleFallback,
    Optional<String> faceReaderDesk,
    DatabaseConfig database,
    ExchangeFoldersConfig exchange,
    OqsLinkConfig link,
    int filesPoolSize,
    WorkerQueues workerQueues,
    Duration healthCheckTimeout,
    Duration shutdownDrainTimeout,
    String logLevel,
    AuthConfig auth,
    RelayConfig relay,
    AgentsConfig agents,
    HomeVisitConfig homeVisit,
    ConsentedConfig consented,
    TlsConfig tls,
    Optional<InetSocketAddress> virtualCardControl,
    ReceptionConfig reception,
    LiveConfig live,
    JobsConfig jobs,
    Duration auditVerifyInterval,
    Duration auditCommitWait) {

  /** Most new tasks waiting for a thread of each bounded worker pool. */
  public record WorkerQueues(int files, int webhookDns) {}

  /** Reads every key now, so that a bad value stops the start with one clear line. */
  public static GatewayConfig from(ConfigSource src, Path home, Map<String, String> env) {
    Path absoluteHome = home.toAbsolutePath().normalize();
    ExchangeFoldersConfig exchange = LinkSettings.folders(src, absoluteHome);
    Path keysDir = AuthSettings.keysDir(src, absoluteHome);
    // The gateway CA's folder: where the agent link created it first, kept for its agents.
    Path caDir = keysDir.resolve("agents").normalize();
    TlsConfig tls =
        TlsSettings.read(
            src,
            absoluteHome,
            caDir,
            List.of(src.get(HttpSettings.API_HOST), src.get(HttpSettings.MANAGEMENT_HOST)));
    return new GatewayConfig(
        absoluteHome,
        HttpSettings.api(src, tls.http()),
        HttpSettings.management(src, tls.http()),
        src.get(HttpSettings.HTTP_MAX_BODY_KB) * 1024,
        HttpSettings.rateLimits(src),
        src.get(QualificationSettings.API_CHECK_WAIT),
        src.get(QualificationSettings.QUALIFICATION_FRESH_FOR),
        src.get(QualificationSettings.OQS_REFERENCE_NUMBER_AUTO_REGISTER),
        ImportSettings.read(src),
        src.get(QualificationSettings.QUALIFICATION_STALE_FALLBACK),
        Optional.of(src.get(QualificationSettings.OQS_FACE_READER_DESK)).filter(d -> !d.isEmpty()),
        DatabaseSettings.read(src, absoluteHome, env),
        exchange,
        LinkSettings.link(src, absoluteHome, exchange.root()),
        src.get(Settings.WORKER_FILES_POOL_SIZE),
        new WorkerQueues(
            src.get(Settings.WORKERS_FILES_MAX_QUEUED),
            src.get(Settings.WORKERS_WEBHOOK_DNS_MAX_QUEUED)),
        src.get(Settings.HEALTH_CHECK_TIMEOUT),
        src.get(Settings.SHUTDOWN_DRAIN_TIMEOUT),
        src.get(Settings.LOG_LEVEL),
        AuthSettings.read(src, absoluteHome),
        WebhookSettings.read(src, absoluteHome, keysDir),
        AgentsSettings.read(src, absoluteHome, caDir),
        HomeVisitSettings.read(src),
        ConsentedSettings.read(src),
        tls,
        src.get(DemoSettings.VIRTUAL_CARD_CONTROL),
        ReceptionSettings.read(src, absoluteHome, keysDir),
        LiveSettings.read(src),
        JobsSettings.read(
            src,
            ZoneId.of(src.get(LinkSettings.OQS_TIME_ZONE)),
            src.get(DatabaseSettings.PG_POOL_SIZE)),
        AuditSettings.verifyInterval(src),
        AuditSettings.commitWait(src));
  }
}
