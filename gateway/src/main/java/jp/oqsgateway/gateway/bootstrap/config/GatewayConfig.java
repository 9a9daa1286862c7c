package jp.oqsgateway.gateway.bootstrap.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.homevisit.ReinquiryRules;
import jp.oqsgateway.gateway.http.auth.ClientLimits;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.http.auth.TokenLifetimes;
import jp.oqsgateway.gateway.notify.RelayConfig;
import jp.oqsgateway.gateway.notify.WebhookRules;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.tls.GatewayCa;
import jp.oqsgateway.gateway.tls.GatewayCa.ServerKeyCert;

/**
 * The gateway's typed configuration, read once at startup and passed through constructors.
 *
 * @param home the gateway home: relative paths in the configuration resolve against it
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
    boolean staleFallback,
    Optional<String> faceReaderDesk,
    DatabaseConfig database,
    ExchangeFoldersConfig exchange,
    OqsLinkConfig link,
    int filesPoolSize,
    Duration healthCheckTimeout,
    Duration shutdownDrainTimeout,
    String logLevel,
    AuthConfig auth,
    RelayConfig relay,
    AgentsConfig agents,
    HomeVisitConfig homeVisit,
    TlsConfig tls) {

  /**
   * The home-visit re-inquiry: its rules, the file it is sent as, and whether card readings use it.
   */
  public record HomeVisitConfig(
      ReinquiryRules rules, MessageKind reinquiryFile, boolean fromCards) {}

  /**
   * An HTTP server's address and transport.
   *
   * @param tls the certificate and key it serves HTTPS with; empty: plain HTTP
   * @param allowPlaintextOnLan plain HTTP on a non-loopback host was explicitly allowed
   */
  public record HttpServerConfig(
      String host, int port, Optional<ServerKeyCert> tls, boolean allowPlaintextOnLan) {
    /** Plain HTTP on {@code host} (tests, tools). */
    public HttpServerConfig(String host, int port) {
      this(host, port, Optional.empty(), false);
    }
  }

  /**
   * TLS of the API and management servers. Paths are absolute.
   *
   * @param configured the operator's own certificate and key ({@code tls.cert}, {@code tls.key});
   *     empty: the gateway's CA issues one ({@link #http()})
   * @param caDir the folder of the gateway's CA (shared with the agent link)
   * @param names what a certificate of the gateway's CA for these servers must name
   * @param extraNames {@code tls.names}: also named by the agent server's issued certificate
   * @param renewalCheckInterval how often the running gateway renews the CA's certificates
   */
  public record TlsConfig(
      Optional<ServerKeyCert> configured,
      Path caDir,
      Set<String> names,
      List<String> extraNames,
      Duration renewalCheckInterval) {
    public TlsConfig {
      names = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(names));
      extraNames = List.copyOf(extraNames);
    }

    /** The certificate the API and management servers use, configured or issued. */
    public ServerKeyCert http() {
      return configured.orElseGet(() -> GatewayCa.serverFiles(caDir, HTTP_CERTIFICATE));
    }
  }

  /** File name stem of the certificate the gateway's CA issues for the API and management. */
  public static final String HTTP_CERTIFICATE = "http";

  /**
   * @param externalUrl a libpq-style URL of a server the gateway does not own, if configured: the
   *     application role the pool connects as
   * @param migrationUrl the same server as the role that owns the schema and runs the migrations;
   *     empty: {@code externalUrl} does both
   * @param allowSuperuser start even when the application role is a superuser (warned each start)
   * @param allowPlaintext allow a URL whose sslmode may send plain text to a non-loopback host
   */
  public record DatabaseConfig(
      Optional<String> externalUrl,
      int poolSize,
      String database,
      EmbeddedDatabaseConfig embedded,
      Optional<String> migrationUrl,
      boolean allowSuperuser,
      boolean allowPlaintext) {}

  /**
   * @param dirIsDefault true when nobody configured the directory, so the gateway may choose a
   *     reachable default when it runs as root
   */
  public record EmbeddedDatabaseConfig(
      Path dir,
      boolean dirIsDefault,
      String osUser,
      int port,
      boolean durable,
      Duration startTimeout) {}

  public record ExchangeFoldersConfig(Path root, boolean createFolders, long minFreeBytes) {}

  /** The OQS file link (docs/OQS-LINK.md). Folders are absolute; {@code archiveDir} empty = off. */
  public record OqsLinkConfig(
      Path reqDir,
      Path resDir,
      Path faceDir,
      Optional<Path> archiveDir,
      String institutionCode,
      ZoneId zone,
      OqsCharset requestEncoding,
      Duration timeout,
      Map<RequestKind, Duration> timeouts,
      Duration pickupThreshold,
      Duration scanInterval,
      Duration stableDelay,
      Duration bulkReaskInterval,
      int bulkReaskMax,
      Duration faceMaxAge,
      Duration probeIdle,
      int scanBudgetMb) {}

  /**
   * API authentication (docs/AUTH.md). Paths are absolute.
   *
   * @param algorithm ES256 or RS256: how the gateway signs the tokens it mints
   * @param trustedPublicKeys extra PEM public keys whose tokens are accepted
   * @param hs256SecretFile the shared HS256 secret, only when explicitly configured
   * @param tokenCacheSize verified tokens remembered until their exp; 0 = no cache
   * @param clockSkew tolerance when checking exp and iat
   * @param lifetimes the longest lifetime of a token, per role
   * @param tokenCacheTrust how long a verified token is trusted before the revocation table is
   *     looked at again
   */
  public record AuthConfig(
      boolean enabled,
      Path keysDir,
      String algorithm,
      String issuer,
      String audience,
      List<Path> trustedPublicKeys,
      Optional<Path> hs256SecretFile,
      int tokenCacheSize,
      Duration clockSkew,
      TokenLifetimes lifetimes,
      Duration tokenCacheTrust) {
    public AuthConfig {
      trustedPublicKeys = List.copyOf(trustedPublicKeys);
    }
  }

  /**
   * The agent server and card identity (docs/READER-AGENT.md). Paths are absolute.
   *
   * @param tlsCert with {@code tlsKey}, the server's own PEM certificate and key; empty: generated
   *     under {@code generatedTlsDir}
   * @param jpkiCa PEM files of the trusted JPKI CA certificates; empty: none, no card verifies
   */
  public record AgentsConfig(
      boolean enabled,
      String host,
      int port,
      Optional<Path> tlsCert,
      Optional<Path> tlsKey,
      Path generatedTlsDir,
      Duration idleTimeout,
      List<Path> jpkiCa,
      boolean requirePin,
      Duration challengeTtl) {
    public AgentsConfig {
      jpkiCa = List.copyOf(jpkiCa);
    }
  }

  private static Path folder(Path home, Path root, String configured, String defaultName) {
    return configured.isEmpty() ? root.resolve(defaultName) : home.resolve(configured).normalize();
  }

  /** Reads every key now, so that a bad value stops the start with one clear line. */
  public static GatewayConfig from(ConfigSource src, Path home, Map<String, String> env) {
    Path absoluteHome = home.toAbsolutePath().normalize();
    String url = src.get(Settings.PG_URL);
    String configuredDir = src.get(Settings.PG_EMBEDDED_DIR);
    Path pgDir;
    if (!configuredDir.isEmpty()) {
      pgDir = absoluteHome.resolve(configuredDir).normalize();
    } else if (env.get("XDG_DATA_HOME") != null && !env.get("XDG_DATA_HOME").isBlank()) {
      pgDir = Path.of(env.get("XDG_DATA_HOME")).resolve("oqs-gateway/pg").toAbsolutePath();
    } else {
      pgDir = absoluteHome.resolve("var/pg");
    }
    Path oqsRoot = absoluteHome.resolve(src.get(Settings.OQS_ROOT)).normalize();
    TlsConfig tls = tls(src, absoluteHome);
    return new GatewayConfig(
        absoluteHome,
        new HttpServerConfig(
            src.get(Settings.API_HOST),
            src.get(Settings.API_PORT),
            Optional.of(tls.http()).filter(t -> src.get(Settings.API_TLS_ENABLED)),
            src.get(Settings.API_ALLOW_PLAINTEXT_ON_LAN)),
        new HttpServerConfig(
            src.get(Settings.MANAGEMENT_HOST),
            src.get(Settings.MANAGEMENT_PORT),
            Optional.of(tls.http()).filter(t -> src.get(Settings.MANAGEMENT_TLS_ENABLED)),
            src.get(Settings.MANAGEMENT_ALLOW_PLAINTEXT_ON_LAN)),
        src.get(Settings.HTTP_MAX_BODY_KB) * 1024,
        new ClientLimits.Config(
            src.get(Settings.API_RATE_LIMIT_PER_SECOND),
            src.get(Settings.API_RATE_LIMIT_BURST),
            src.get(Settings.API_RATE_LIMIT_AUTH_FAILURES)),
        src.get(Settings.API_CHECK_WAIT),
        src.get(Settings.QUALIFICATION_FRESH_FOR),
        src.get(Settings.OQS_REFERENCE_NUMBER_AUTO_REGISTER),
        src.get(Settings.QUALIFICATION_STALE_FALLBACK),
        Optional.of(src.get(Settings.OQS_FACE_READER_DESK)).filter(d -> !d.isEmpty()),
        new DatabaseConfig(
            url.isEmpty() ? Optional.empty() : Optional.of(url),
            src.get(Settings.PG_POOL_SIZE),
            src.get(Settings.PG_DATABASE),
            new EmbeddedDatabaseConfig(
                pgDir,
                configuredDir.isEmpty(),
                src.get(Settings.PG_EMBEDDED_OS_USER),
                src.get(Settings.PG_EMBEDDED_PORT),
                src.get(Settings.PG_EMBEDDED_DURABLE),
                src.get(Settings.PG_EMBEDDED_START_TIMEOUT)),
            Optional.of(src.get(Settings.PG_MIGRATION_URL)).filter(u -> !u.isEmpty()),
            src.get(Settings.PG_ALLOW_SUPERUSER),
            src.get(Settings.PG_ALLOW_PLAINTEXT)),
        new ExchangeFoldersConfig(
            oqsRoot,
            src.get(Settings.OQS_CREATE_FOLDERS),
            src.get(Settings.OQS_MIN_FREE_MB) * 1024L * 1024L),
        new OqsLinkConfig(
            folder(absoluteHome, oqsRoot, src.get(Settings.OQS_REQ_DIR), "req"),
            folder(absoluteHome, oqsRoot, src.get(Settings.OQS_RES_DIR), "res"),
            folder(absoluteHome, oqsRoot, src.get(Settings.OQS_FACE_DIR), "face"),
            src.get(Settings.OQS_ARCHIVE_DIR).isEmpty()
                ? Optional.empty()
                : Optional.of(absoluteHome.resolve(src.get(Settings.OQS_ARCHIVE_DIR)).normalize()),
            src.get(Settings.OQS_INSTITUTION_CODE),
            ZoneId.of(src.get(Settings.OQS_TIME_ZONE)),
            OqsCharset.fromDeclared(src.get(Settings.OQS_REQUEST_ENCODING)),
            src.get(Settings.OQS_LINK_TIMEOUT),
            src.get(Settings.OQS_LINK_TIMEOUTS),
            src.get(Settings.OQS_LINK_PICKUP_THRESHOLD),
            src.get(Settings.OQS_LINK_SCAN_INTERVAL),
            src.get(Settings.OQS_LINK_STABLE_DELAY),
            src.get(Settings.OQS_LINK_BULK_REASK_INTERVAL),
            src.get(Settings.OQS_LINK_BULK_REASK_MAX),
            src.get(Settings.OQS_LINK_FACE_MAX_AGE),
            src.get(Settings.OQS_LINK_PROBE_IDLE),
            src.get(Settings.OQS_LINK_SCAN_BUDGET_MB)),
        src.get(Settings.WORKER_FILES_POOL_SIZE),
        src.get(Settings.HEALTH_CHECK_TIMEOUT),
        src.get(Settings.SHUTDOWN_DRAIN_TIMEOUT),
        src.get(Settings.LOG_LEVEL),
        auth(src, absoluteHome),
        new RelayConfig(
            src.get(Settings.OUTBOX_POLL_INTERVAL),
            src.get(Settings.WEBHOOKS_TIMEOUT),
            src.get(Settings.WEBHOOKS_CONCURRENCY),
            src.get(Settings.WEBHOOKS_MAX_ATTEMPTS),
            src.get(Settings.WEBHOOKS_RETRY_DELAYS),
            webhookRules(src, absoluteHome)),
        agents(src, absoluteHome),
        new HomeVisitConfig(
            new ReinquiryRules(
                src.get(Settings.HOME_VISIT_WINDOW_MONTHS),
                src.get(Settings.HOME_VISIT_REQUIRE_MONTHLY_CLAIMS),
                src.get(Settings.HOME_VISIT_CLAIMS_LAG_MONTHS)),
            src.get(Settings.OQS_HOME_VISIT_REINQUIRY_FILE).equals("OQSsiquc01")
                ? MessageKind.OQS_SIQUC01_REQ
                : MessageKind.OQS_SIHVQ01_REQ,
            src.get(Settings.HOME_VISIT_REINQUIRY_FROM_CARDS)),
        tls);
  }

  private static TlsConfig tls(ConfigSource src, Path home) {
    String cert = src.get(Settings.TLS_CERT);
    String key = src.get(Settings.TLS_KEY);
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(
          cert.isEmpty() ? "tls.cert" : "tls.key",
          null,
          "must be set together with " + (cert.isEmpty() ? "tls.key" : "tls.cert"));
    }
    List<String> extra = src.get(Settings.TLS_NAMES);
    List<String> hosts = new java.util.ArrayList<>();
    hosts.add(src.get(Settings.API_HOST));
    hosts.add(src.get(Settings.MANAGEMENT_HOST));
    hosts.addAll(extra);
    return new TlsConfig(
        cert.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new ServerKeyCert(
                    home.resolve(cert).normalize(),
                    home.resolve(key).normalize(),
                    Optional.empty())),
        agentsTlsDir(src, home),
        GatewayCa.names(hosts),
        extra,
        src.get(Settings.TLS_RENEWAL_CHECK_INTERVAL));
  }

  /** The gateway CA's folder: where the agent link created it first, kept for its agents. */
  private static Path agentsTlsDir(ConfigSource src, Path home) {
    return home.resolve(src.get(Settings.AUTH_KEYS_DIR)).resolve("agents").normalize();
  }

  private static AgentsConfig agents(ConfigSource src, Path home) {
    String cert = src.get(Settings.AGENTS_TLS_CERT);
    String key = src.get(Settings.AGENTS_TLS_KEY);
    if (cert.isEmpty() != key.isEmpty()) {
      String missing = cert.isEmpty() ? "agents.tls.cert" : "agents.tls.key";
      throw new ConfigException(
          missing,
          null,
          "must be set together with " + (cert.isEmpty() ? "agents.tls.key" : "agents.tls.cert"));
    }
    List<Path> ca =
        src.get(Settings.AGENTS_JPKI_CA).stream().map(p -> home.resolve(p).normalize()).toList();
    return new AgentsConfig(
        src.get(Settings.AGENTS_ENABLED),
        src.get(Settings.AGENTS_HOST),
        src.get(Settings.AGENTS_PORT),
        cert.isEmpty() ? Optional.empty() : Optional.of(home.resolve(cert).normalize()),
        key.isEmpty() ? Optional.empty() : Optional.of(home.resolve(key).normalize()),
        agentsTlsDir(src, home),
        src.get(Settings.AGENTS_IDLE_TIMEOUT),
        ca,
        src.get(Settings.AGENTS_REQUIRE_PIN),
        src.get(Settings.AGENTS_CHALLENGE_TTL));
  }

  private static WebhookRules webhookRules(ConfigSource src, Path home) {
    String keyFile = src.get(Settings.WEBHOOKS_SECRET_KEY_FILE);
    return new WebhookRules(
        src.get(Settings.WEBHOOKS_ALLOW_HTTP),
        src.get(Settings.WEBHOOKS_ALLOW_HOSTS),
        src.get(Settings.WEBHOOKS_MAX_SUBSCRIPTIONS_PER_SUBJECT),
        keyFile.isEmpty()
            ? home.resolve(src.get(Settings.AUTH_KEYS_DIR))
                .resolve("webhooks/secret.key")
                .normalize()
            : home.resolve(keyFile).normalize(),
        src.get(Settings.WEBHOOKS_TRUST_CA).stream()
            .map(p -> home.resolve(p).normalize())
            .toList());
  }

  private static AuthConfig auth(ConfigSource src, Path home) {
    String secret = src.get(Settings.AUTH_HS256_SECRET_FILE);
    return new AuthConfig(
        src.get(Settings.AUTH_ENABLED),
        home.resolve(src.get(Settings.AUTH_KEYS_DIR)).normalize(),
        src.get(Settings.AUTH_ALGORITHM),
        src.get(Settings.AUTH_ISSUER),
        src.get(Settings.AUTH_AUDIENCE),
        src.get(Settings.AUTH_TRUSTED_PUBLIC_KEYS).stream()
            .map(p -> home.resolve(p).normalize())
            .toList(),
        secret.isEmpty() ? Optional.empty() : Optional.of(home.resolve(secret).normalize()),
        src.get(Settings.AUTH_TOKEN_CACHE_SIZE),
        src.get(Settings.AUTH_CLOCK_SKEW),
        lifetimes(src),
        src.get(Settings.AUTH_TOKEN_CACHE_TRUST));
  }

  private static TokenLifetimes lifetimes(ConfigSource src) {
    Map<Role, Duration> max = new EnumMap<>(Role.class);
    max.put(Role.ADMIN, src.get(Settings.AUTH_MAX_LIFETIME_ADMIN));
    max.put(Role.OPS, src.get(Settings.AUTH_MAX_LIFETIME_OPS));
    max.put(Role.CHART, src.get(Settings.AUTH_MAX_LIFETIME_CHART));
    max.put(Role.RECEPTION, src.get(Settings.AUTH_MAX_LIFETIME_RECEPTION));
    max.put(Role.CLINICIAN, src.get(Settings.AUTH_MAX_LIFETIME_CLINICIAN));
    max.put(Role.AGENT, src.get(Settings.AUTH_MAX_LIFETIME_AGENT));
    return new TokenLifetimes(max);
  }
}
