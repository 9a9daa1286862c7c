package jp.oqsgateway.gateway.bootstrap.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.http.auth.TokenLifetimes;
import jp.oqsgateway.gateway.oqs.link.RequestKind;

/**
 * Every configuration key of the gateway, with its default. This is the one place they are
 * declared; {@code docs/CONFIGURATION.md} is checked against it by a test, and {@code ./ops/oqsgw
 * config} prints it with the values in force.
 */
public final class Settings {
  private Settings() {}

  public static final Setting<String> API_HOST =
      new Setting<>(
          "api.host",
          "127.0.0.1",
          "Address of the API server (chart systems, reception screens). 0.0.0.0 serves the LAN,"
              + " which needs api.tls.enabled.",
          Parsers.text());
  public static final Setting<Integer> API_PORT =
      new Setting<>(
          "api.port", "8080", "Port of the API server; 0 picks a free one.", Parsers.port());
  public static final Setting<String> MANAGEMENT_HOST =
      new Setting<>(
          "management.host",
          "127.0.0.1",
          "Address of the management server (health, metrics).",
          Parsers.text());
  public static final Setting<Integer> MANAGEMENT_PORT =
      new Setting<>(
          "management.port",
          "8081",
          "Port of the management server; 0 picks a free one.",
          Parsers.port());
  public static final Setting<Integer> HTTP_MAX_BODY_KB =
      new Setting<>(
          "http.max-body-kb",
          "1024",
          "Largest request body the API accepts, in KiB; larger bodies get 413.",
          Parsers.integer(1, 64 * 1024));

  public static final Setting<Duration> API_CHECK_WAIT =
      new Setting<>(
          "api.check-wait",
          "20s",
          "How long POST /api/v1/qualification-checks waits for the terminal's answer before it"
              + " answers 202 (callers may pass ?wait=). Longer than oqs.link.pickup-threshold, so a"
              + " check made just after the link program stopped still gets the stale answer in time.",
          Parsers.duration());
  public static final Setting<Duration> QUALIFICATION_FRESH_FOR =
      new Setting<>(
          "qualification.fresh-for",
          "24h",
          "How old the latest qualification of a patient may be before GET"
              + " /api/v1/patients/{id}/qualification marks it stale=true (ageSeconds is always"
              + " given).",
          Parsers.duration());
  public static final Setting<Boolean> OQS_REFERENCE_NUMBER_AUTO_REGISTER =
      new Setting<>(
          "oqs.reference-number.auto-register",
          "false",
          "Register the chart patient id as 照会番号 (OQSsiimm01) automatically when a qualification is"
              + " newly linked to the patient, once per link.",
          Parsers.bool());
  public static final Setting<String> OQS_FACE_READER_DESK =
      new Setting<>(
          "oqs.face-reader.desk",
          "",
          "The reception desk where the terminal's face-auth card reader stands (e.g. uketsuke-1):"
              + " card checks from face/ carry it as their desk. Empty: no desk.",
          raw -> {
            String s = raw.trim();
            if (!s.isEmpty() && !s.matches("[A-Za-z0-9._-]{1,40}")) {
              throw new IllegalArgumentException(
                  "must be 1-40 letters, digits, '.', '_' or '-', got '" + s + "'");
            }
            return s;
          });
  public static final Setting<Boolean> QUALIFICATION_STALE_FALLBACK =
      new Setting<>(
          "qualification.stale-fallback",
          "true",
          "While the terminal's link is down (a request not picked up within"
              + " oqs.link.pickup-threshold), answer checks with the last known qualification of the"
              + " same patient marked stale (200, state STALE_QUEUED, guidance for staff; 503 when"
              + " none is known) and re-run them once when the link is up again.",
          Parsers.bool());
  public static final Setting<String> PG_URL =
      new Setting<>(
          "pg.url",
          "",
          "External PostgreSQL, postgresql://user:password@host:port/database?sslmode=verify-full"
              + "&sslrootcert=/path/ca.pem, as the application role the gateway serves with."
              + " sslmode defaults to verify-full for any host but loopback. Empty: the gateway"
              + " starts and owns an embedded PostgreSQL server.",
          Parsers.postgresUrl());
  public static final Setting<Integer> PG_POOL_SIZE =
      new Setting<>(
          "pg.pool-size", "16", "Connections of the reactive pool.", Parsers.integer(1, 200));
  public static final Setting<String> PG_DATABASE =
      new Setting<>(
          "pg.database",
          "oqsgw",
          "Database of the embedded server (created if missing).",
          Parsers.text());
  public static final Setting<String> PG_EMBEDDED_DIR =
      new Setting<>(
          "pg.embedded.dir",
          "",
          "Data root of the embedded server. Empty: $XDG_DATA_HOME/oqs-gateway/pg if set, else"
              + " var/pg under the gateway home; as root, /var/lib/oqs-gateway/pg when that default"
              + " is not reachable by pg.embedded.os-user.",
          Parsers.text());
  public static final Setting<String> PG_EMBEDDED_OS_USER =
      new Setting<>(
          "pg.embedded.os-user",
          "oqsgw-pg",
          "System user the embedded PostgreSQL runs as when the gateway runs as root (created if"
              + " missing). Ignored otherwise.",
          Parsers.text());
  public static final Setting<Integer> PG_EMBEDDED_PORT =
      new Setting<>(
          "pg.embedded.port",
          "0",
          "TCP port of the embedded server on 127.0.0.1; 0 picks a free one at each start.",
          Parsers.port());
  public static final Setting<Boolean> PG_EMBEDDED_DURABLE =
      new Setting<>(
          "pg.embedded.durable",
          "true",
          "fsync and full-page writes on. Only tests turn this off.",
          Parsers.bool());
  public static final Setting<Duration> PG_EMBEDDED_START_TIMEOUT =
      new Setting<>(
          "pg.embedded.start-timeout",
          "60s",
          "How long the embedded server may take to start.",
          Parsers.duration());

  // Database transport security and least privilege (docs/OPERATIONS.md#external-postgresql).
  public static final Setting<String> PG_MIGRATION_URL =
      new Setting<>(
          "pg.migration-url",
          "",
          "External PostgreSQL as the role that owns the schema and runs the migrations at start;"
              + " pg.url is then the application role the gateway serves with. Empty: pg.url does"
              + " both, and a warning at each start says its role owns the tables.",
          Parsers.postgresUrl());
  public static final Setting<Boolean> PG_ALLOW_SUPERUSER =
      new Setting<>(
          "pg.allow-superuser",
          "false",
          "Start even when the role of pg.url is a PostgreSQL superuser (which can rewrite or"
              + " switch off the audit trail); logs a warning at each start.",
          Parsers.bool());
  public static final Setting<Boolean> PG_ALLOW_PLAINTEXT =
      new Setting<>(
          "pg.allow-plaintext",
          "false",
          "Allow sslmode=disable, allow or prefer in pg.url or pg.migration-url for a host other"
              + " than loopback; logs a warning at each start. Without it such a URL is refused.",
          Parsers.bool());

  public static final Setting<String> OQS_ROOT =
      new Setting<>(
          "oqs.root",
          "var/oqs",
          "Folder shared with the 資格確認端末 holding req/, res/ and face/ (relative to the gateway"
              + " home).",
          Parsers.text());
  public static final Setting<Boolean> OQS_CREATE_FOLDERS =
      new Setting<>(
          "oqs.create-folders",
          "false",
          "Create req/, res/ and face/ under oqs.root when missing. Off in production: a missing"
              + " folder usually means the terminal's share is not mounted, and writing into a local"
              + " stand-in would lose requests. The demo and the simulator turn it on.",
          Parsers.bool());
  public static final Setting<Integer> OQS_MIN_FREE_MB =
      new Setting<>(
          "oqs.min-free-mb",
          "200",
          "Free disk space below which the exchange folders are reported down, in MiB.",
          Parsers.integer(1, 1024 * 1024));

  public static final Setting<String> OQS_REQ_DIR =
      new Setting<>(
          "oqs.req-dir",
          "",
          "Folder the terminal takes requests from. Empty: req/ under oqs.root.",
          Parsers.text());
  public static final Setting<String> OQS_RES_DIR =
      new Setting<>(
          "oqs.res-dir",
          "",
          "Folder the terminal writes results into. Empty: res/ under oqs.root.",
          Parsers.text());
  public static final Setting<String> OQS_FACE_DIR =
      new Setting<>(
          "oqs.face-dir",
          "",
          "Folder of the face-recognition reader's results. Empty: face/ under oqs.root.",
          Parsers.text());
  public static final Setting<String> OQS_ARCHIVE_DIR =
      new Setting<>(
          "oqs.archive-dir",
          "",
          "Where result and face files the gateway matched are moved after processing. Empty: they"
              + " stay in place (required when a chart system also reads them).",
          Parsers.text());
  public static final Setting<String> OQS_INSTITUTION_CODE =
      new Setting<>(
          "oqs.institution-code",
          "",
          "The clinic's 10-digit 医療機関コード (MedicalInstitutionCode): written into requests,"
              + " checked in results, used by the liveness probe and the simulator.",
          raw -> {
            String s = raw.trim();
            if (!s.isEmpty() && !s.matches("\\d{10}")) {
              throw new IllegalArgumentException("must be 10 digits, got '" + raw + "'");
            }
            return s;
          });
  public static final Setting<String> OQS_TIME_ZONE =
      new Setting<>(
          "oqs.time-zone",
          "Asia/Tokyo",
          "Time zone of request-file dates and face-file timestamps.",
          raw -> {
            try {
              return java.time.ZoneId.of(raw.trim()).getId();
            } catch (java.time.DateTimeException e) {
              throw new IllegalArgumentException("must be a time zone such as Asia/Tokyo");
            }
          });
  public static final Setting<String> OQS_REQUEST_ENCODING =
      new Setting<>(
          "oqs.request-encoding",
          "Shift_JIS",
          "Encoding of the request files the gateway writes (the terminal reads both); text it cannot"
              + " carry is refused before anything is written, naming the field.",
          Parsers.oneOf("Shift_JIS", "UTF-8"));

  /**
   * The shortest answer deadline accepted. REFERENCE §3 advises 60 s or more for production (an
   * inference, not a published figure); shorter deadlines exist for tests and drills of the timeout
   * paths.
   */
  private static final Duration MIN_LINK_TIMEOUT = Duration.ofSeconds(10);

  public static final Setting<Duration> OQS_LINK_TIMEOUT =
      new Setting<>(
          "oqs.link.timeout",
          "120s",
          "How long an exchange may wait for its answer (at least 10s; keep 60s or more in"
              + " production, OQS answers slowly under load); then it fails (never picked up) or"
              + " ends OUTCOME_UNKNOWN (picked up).",
          atLeast(MIN_LINK_TIMEOUT));
  public static final Setting<Map<RequestKind, Duration>> OQS_LINK_TIMEOUTS =
      new Setting<>(
          "oqs.link.timeouts",
          "",
          "Per-kind answer deadlines overriding oqs.link.timeout, e.g. muhvq02=300s,siquc01=90s"
              + " (kinds: siquc01, sihvq01, muquc01, muquc02, siimm01, muimm01/02, muhvq01/02, muonq01/02,"
              + " mutic01/02, yzksiquc01, tkksiquc01).",
          Settings::kindDurations);
  public static final Setting<Duration> OQS_LINK_PICKUP_THRESHOLD =
      new Setting<>(
          "oqs.link.pickup-threshold",
          "15s",
          "A request still in req/ after this long means the terminal's link program is not"
              + " running: the link is reported down until the next pickup.",
          Parsers.duration());
  public static final Setting<Duration> OQS_LINK_SCAN_INTERVAL =
      new Setting<>(
          "oqs.link.scan-interval",
          "2s",
          "Periodic scan of req/, res/ and face/, the safety net under file-system notifications.",
          Parsers.duration());
  public static final Setting<Duration> OQS_LINK_STABLE_DELAY =
      new Setting<>(
          "oqs.link.stable-delay",
          "300ms",
          "A result is read only when two reads this far apart agree (size and SHA-256).",
          Parsers.duration());
  public static final Setting<Duration> OQS_LINK_BULK_REASK_INTERVAL =
      new Setting<>(
          "oqs.link.bulk-reask-interval",
          "10s",
          "Wait before asking again for a bulk result answered SegmentOfResult=2 (still"
              + " processing).",
          Parsers.duration());
  public static final Setting<Integer> OQS_LINK_BULK_REASK_MAX =
      new Setting<>(
          "oqs.link.bulk-reask-max",
          "3",
          "Re-asks for a still-processing bulk result before the exchange fails.",
          Parsers.integer(0, 100));
  public static final Setting<Duration> OQS_LINK_FACE_MAX_AGE =
      new Setting<>(
          "oqs.link.face-max-age",
          "12h",
          "Face files whose name timestamp is older than this when first seen are skipped, never"
              + " handed on.",
          Parsers.duration());
  public static final Setting<Duration> OQS_LINK_PROBE_IDLE =
      new Setting<>(
          "oqs.link.probe-idle",
          "0s",
          "When positive (e.g. 5m) and oqs.institution-code is set, a harmless probe (bulk download"
              + " for ReceptionNumber 00000000000000000000) is sent after this long without"
              + " requests, so a dead link program is noticed while idle. 0s: off.",
          Parsers.duration());

  // Files from the terminal's share (docs/OQS-LINK.md, "What the link reads").
  public static final Setting<Integer> OQS_LINK_SCAN_BUDGET_MB =
      new Setting<>(
          "oqs.link.scan-budget-mb",
          "64",
          "Most MiB one scan reads from res/ and face/ together; files beyond it wait for the next"
              + " scan, so a flood of files cannot exhaust the heap (the first file of a scan is"
              + " always read, up to the 32 MiB result limit).",
          Parsers.integer(1, 1024));

  public static final Setting<Integer> WORKER_FILES_POOL_SIZE =
      new Setting<>(
          "workers.files.pool-size",
          "4",
          "Threads of the bounded worker pool for file-system work.",
          Parsers.integer(1, 64));
  public static final Setting<Duration> HEALTH_CHECK_TIMEOUT =
      new Setting<>(
          "health.check-timeout",
          "2s",
          "Time each readiness check may take before it counts as down.",
          Parsers.duration());
  public static final Setting<Duration> SHUTDOWN_DRAIN_TIMEOUT =
      new Setting<>(
          "shutdown.drain-timeout",
          "10s",
          "On shutdown, how long in-flight requests may run before connections are closed.",
          Parsers.duration());
  public static final Setting<String> LOG_LEVEL =
      new Setting<>(
          "log.level",
          "INFO",
          "Level of the gateway's own loggers.",
          Parsers.oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR"));

  public static final Setting<Boolean> AUTH_ENABLED =
      new Setting<>(
          "auth.enabled",
          "true",
          "Require a JWT (Authorization: Bearer) with the operation's role on every API call. Off"
              + " only for local trials: every caller then has every role, so the start is refused"
              + " unless api.host, management.host and agents.host are loopback addresses.",
          Parsers.bool());
  public static final Setting<String> AUTH_KEYS_DIR =
      new Setting<>(
          "auth.keys-dir",
          "var/keys",
          "Folder of the gateway's own signing key pair (PEM, private key mode 0600), created on"
              + " first start or first ./ops/oqsgw token (relative to the gateway home).",
          Parsers.text());
  public static final Setting<String> AUTH_ALGORITHM =
      new Setting<>(
          "auth.algorithm",
          "ES256",
          "Algorithm of the tokens the gateway signs: ES256 (P-256) or RS256 (RSA 3072).",
          Parsers.oneOf("ES256", "RS256"));
  public static final Setting<String> AUTH_ISSUER =
      new Setting<>(
          "auth.issuer",
          "oqs-gateway",
          "The iss claim the gateway writes and requires.",
          nonBlank());
  public static final Setting<String> AUTH_AUDIENCE =
      new Setting<>(
          "auth.audience",
          "oqs-gateway-api",
          "The aud claim the gateway writes and requires.",
          nonBlank());
  public static final Setting<List<String>> AUTH_TRUSTED_PUBLIC_KEYS =
      new Setting<>(
          "auth.trusted-public-keys",
          "",
          "Comma-separated PEM public keys (EC P-256 or RSA) whose ES256/RS256 tokens are accepted"
              + " besides the gateway's own, e.g. a second gateway's. Empty: only the gateway's own.",
          Settings::commaSeparated);
  public static final Setting<String> AUTH_HS256_SECRET_FILE =
      new Setting<>(
          "auth.hs256-secret-file",
          "",
          "File holding a shared secret (at least 32 bytes) for HS256 tokens from a system that"
              + " cannot sign ES256/RS256. Empty: HS256 tokens are refused.",
          Parsers.text());
  public static final Setting<Integer> AUTH_TOKEN_CACHE_SIZE =
      new Setting<>(
          "auth.token-cache-size",
          "10000",
          "Verified tokens remembered (for auth.token-cache-trust, never past their exp), so a"
              + " signature is checked once, not per request. 0: off.",
          Parsers.integer(0, 1_000_000));
  public static final Setting<Duration> AUTH_CLOCK_SKEW =
      new Setting<>(
          "auth.clock-skew",
          "30s",
          "Tolerance for the clocks of token issuer and gateway when checking exp and iat.",
          atMost(Duration.ofMinutes(5)));

  // Token lifetimes and revocation (docs/AUTH.md). Ceilings are in TokenLifetimes, not here.
  public static final Setting<Duration> AUTH_MAX_LIFETIME_ADMIN = maxLifetime(Role.ADMIN);
  public static final Setting<Duration> AUTH_MAX_LIFETIME_OPS = maxLifetime(Role.OPS);
  public static final Setting<Duration> AUTH_MAX_LIFETIME_CHART = maxLifetime(Role.CHART);
  public static final Setting<Duration> AUTH_MAX_LIFETIME_RECEPTION = maxLifetime(Role.RECEPTION);
  public static final Setting<Duration> AUTH_MAX_LIFETIME_CLINICIAN = maxLifetime(Role.CLINICIAN);
  public static final Setting<Duration> AUTH_MAX_LIFETIME_AGENT = maxLifetime(Role.AGENT);
  public static final Setting<Duration> AUTH_TOKEN_CACHE_TRUST =
      new Setting<>(
          "auth.token-cache-trust",
          "5s",
          "How long a verified token is trusted without looking at the revocation table again: a"
              + " revocation reaches every gateway sharing the database within this time. At most"
              + " 30s; 0s looks on every request.",
          atMost(Duration.ofSeconds(30)));

  private static Setting<Duration> maxLifetime(Role role) {
    Duration ceiling = TokenLifetimes.ceiling(role);
    return new Setting<>(
        "auth.max-lifetime." + role.claimValue(),
        TokenLifetimes.byDefault(role).toDays() + "d",
        "Longest lifetime (exp - iat) of a token with role "
            + role.claimValue()
            + ", when minted and when verified; a token with several roles gets the shortest."
            + " At most "
            + ceiling.toDays()
            + "d.",
        raw -> {
          Duration d = Parsers.duration().apply(raw);
          if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(ceiling) > 0) {
            throw new IllegalArgumentException(
                "must be between 1m and " + ceiling.toDays() + "d, got " + raw);
          }
          return d;
        });
  }

  public static final Setting<Duration> OUTBOX_POLL_INTERVAL =
      new Setting<>(
          "outbox.poll-interval",
          "1s",
          "How often the relay looks for webhook deliveries that are due (retries), and for new"
              + " outbox events should a commit's notification be missed: new events wake it at"
              + " once (PostgreSQL NOTIFY).",
          between(Duration.ofMillis(10), Duration.ofMinutes(1)));
  public static final Setting<Duration> WEBHOOKS_TIMEOUT =
      new Setting<>(
          "webhooks.timeout",
          "10s",
          "Longest one webhook attempt may take in total (resolving, connecting, TLS, sending, the"
              + " answer's status line), however slowly the receiver trickles bytes; longer counts"
              + " as a failed attempt (timeout).",
          between(Duration.ofMillis(100), Duration.ofMinutes(5)));
  public static final Setting<Integer> WEBHOOKS_CONCURRENCY =
      new Setting<>(
          "webhooks.concurrency",
          "8",
          "Webhook deliveries in flight at once, per gateway process.",
          Parsers.integer(1, 256));
  public static final Setting<Integer> WEBHOOKS_MAX_ATTEMPTS =
      new Setting<>(
          "webhooks.max-attempts",
          "10",
          "Attempts per delivery before it is given up (logged, and GIVEN_UP in the delivery log).",
          Parsers.integer(1, 1000));
  public static final Setting<List<Duration>> WEBHOOKS_RETRY_DELAYS =
      new Setting<>(
          "webhooks.retry-delays",
          "5s,30s,2m,10m,1h",
          "Delays after the 1st, 2nd, ... failed attempt, each varied by ±20 %; the last one repeats"
              + " (the cap).",
          Settings::durations);

  // Webhook targets and secrets (issue 10): deny the LAN and this machine unless allowed.
  public static final Setting<List<String>> WEBHOOKS_ALLOW_HOSTS =
      new Setting<>(
          "webhooks.allow-hosts",
          "",
          "Comma-separated host names, addresses and CIDR ranges webhooks may reach although they"
              + " are loopback, link-local or private (the clinic LAN, this machine), e.g."
              + " karte.local,192.168.10.0/24. Empty: only addresses on the internet. The gateway's"
              + " own ports are never allowed.",
          raw ->
              commaSeparated(raw).stream()
                  .map(jp.oqsgateway.gateway.notify.TargetPolicy::validateAllowEntry)
                  .toList());
  public static final Setting<Boolean> WEBHOOKS_ALLOW_HTTP =
      new Setting<>(
          "webhooks.allow-http",
          "false",
          "Accept plain http:// webhook URLs (signed, but readable and alterable on the network)."
              + " Off: https only, at subscription and again at every delivery.",
          Parsers.bool());
  public static final Setting<Integer> WEBHOOKS_MAX_SUBSCRIPTIONS_PER_SUBJECT =
      new Setting<>(
          "webhooks.max-subscriptions-per-subject",
          "20",
          "Active webhook subscriptions one token subject may hold; one more is answered 409.",
          Parsers.integer(1, 10_000));
  public static final Setting<String> WEBHOOKS_SECRET_KEY_FILE =
      new Setting<>(
          "webhooks.secret-key-file",
          "",
          "AES-256 key (base64, mode 0600, directory 0700) that encrypts webhook secrets in the"
              + " database, created on first start. Empty: webhooks/secret.key under auth.keys-dir."
              + " Back it up with the keys: without it, existing subscriptions cannot be signed.",
          Parsers.text());
  public static final Setting<List<String>> WEBHOOKS_TRUST_CA =
      new Setting<>(
          "webhooks.trust-ca",
          "",
          "Comma-separated PEM files of the CA certificates webhook receivers' certificates must"
              + " chain to, e.g. the clinic's own CA for a chart server on the LAN (host names are"
              + " still verified). Empty: the public CAs the JDK trusts.",
          Settings::commaSeparated);

  public static final Setting<Boolean> AGENTS_ENABLED =
      new Setting<>(
          "agents.enabled",
          "true",
          "Run the agent server: the TLS-only WebSocket event-bus bridge that reader agents on"
              + " reception PCs report card events to (docs/AGENT-PROTOCOL.md).",
          Parsers.bool());
  public static final Setting<String> AGENTS_HOST =
      new Setting<>(
          "agents.host",
          "127.0.0.1",
          "Address of the agent server. Reader agents on other PCs need the LAN address or 0.0.0.0;"
              + " the generated server certificate names this host and tls.names besides localhost and"
              + " 127.0.0.1.",
          Parsers.text());
  public static final Setting<Integer> AGENTS_PORT =
      new Setting<>(
          "agents.port",
          "8443",
          "Port of the agent server (TLS always); 0 picks a free one.",
          Parsers.port());
  public static final Setting<String> AGENTS_TLS_CERT =
      new Setting<>(
          "agents.tls.cert",
          "",
          "PEM certificate chain of the agent server. Empty (with agents.tls.key empty): a private CA"
              + " and a server certificate are created once under <auth.keys-dir>/agents/; agents"
              + " trust its ca.pem.",
          Parsers.text());
  public static final Setting<String> AGENTS_TLS_KEY =
      new Setting<>(
          "agents.tls.key",
          "",
          "PEM private key of agents.tls.cert (both or neither).",
          Parsers.text());
  public static final Setting<Duration> AGENTS_IDLE_TIMEOUT =
      new Setting<>(
          "agents.idle-timeout",
          "20s",
          "An agent socket without a frame (agents ping every 5s) for this long is closed.",
          between(Duration.ofSeconds(1), Duration.ofMinutes(10)));
  public static final Setting<List<String>> AGENTS_JPKI_CA =
      new Setting<>(
          "agents.jpki-ca",
          "",
          "Comma-separated PEM files of the JPKI user-authentication CA certificates that My Number"
              + " card certificates must chain to. Empty: no card verifies. The demo sets the"
              + " simulator's test CA, which `oqs-simulator ca` writes.",
          Settings::commaSeparated);
  public static final Setting<Boolean> AGENTS_REQUIRE_PIN =
      new Setting<>(
          "agents.require-pin",
          "true",
          "A My Number card identifies its patient only after it proved possession: PIN verified on"
              + " the card and the gateway's challenge signed. Off: the verified certificate alone.",
          Parsers.bool());
  public static final Setting<Duration> AGENTS_CHALLENGE_TTL =
      new Setting<>(
          "agents.challenge-ttl",
          "60s",
          "How long a card challenge can be answered (once).",
          between(Duration.ofSeconds(5), Duration.ofMinutes(10)));

  // ---- TLS of the API and management servers, and the plain-text rules (docs/OPERATIONS.md#tls)

  public static final Setting<Boolean> API_TLS_ENABLED =
      new Setting<>(
          "api.tls.enabled",
          "false",
          "Serve the API and the web UI over HTTPS only, with tls.cert/tls.key or, when those are"
              + " empty, a certificate from the gateway's own CA. Required when api.host is not a"
              + " loopback address.",
          Parsers.bool());
  public static final Setting<Boolean> MANAGEMENT_TLS_ENABLED =
      new Setting<>(
          "management.tls.enabled",
          "false",
          "Serve health and metrics over HTTPS only, with the same certificate as the API."
              + " Required when management.host is not a loopback address.",
          Parsers.bool());
  public static final Setting<String> TLS_CERT =
      new Setting<>(
          "tls.cert",
          "",
          "PEM certificate chain (server first) of the API and management servers. Empty (with"
              + " tls.key empty): the gateway's own CA (<auth.keys-dir>/agents/ca.pem, the agent"
              + " link's) issues one for localhost, 127.0.0.1, api.host, management.host and"
              + " tls.names, and issues it again before it expires or when those names change.",
          Parsers.text());
  public static final Setting<String> TLS_KEY =
      new Setting<>(
          "tls.key", "", "PEM private key of tls.cert (both or neither).", Parsers.text());
  public static final Setting<List<String>> TLS_NAMES =
      new Setting<>(
          "tls.names",
          "",
          "Comma-separated host names and IP addresses the clinic's PCs use to reach the gateway"
              + " (e.g. oqsgw.clinic.lan,192.168.10.5): the certificates the gateway's CA issues for"
              + " the API, management and agent servers name them.",
          Settings::commaSeparated);
  public static final Setting<Duration> TLS_RENEWAL_CHECK_INTERVAL =
      new Setting<>(
          "tls.renewal-check-interval",
          "12h",
          "How often the running gateway checks the certificates its CA issued (API, management,"
              + " agents): one expiring within 30 days is issued again and loaded without a restart.",
          between(Duration.ofSeconds(1), Duration.ofDays(7)));
  public static final Setting<Boolean> API_ALLOW_PLAINTEXT_ON_LAN =
      new Setting<>(
          "api.allow-plaintext-on-lan",
          "false",
          "Let the API serve plain HTTP on a non-loopback api.host (trials only: tokens and"
              + " patient data cross the LAN readable). Logged as a warning at every start.",
          Parsers.bool());
  public static final Setting<Boolean> MANAGEMENT_ALLOW_PLAINTEXT_ON_LAN =
      new Setting<>(
          "management.allow-plaintext-on-lan",
          "false",
          "Let the management server serve plain HTTP on a non-loopback management.host."
              + " Logged as a warning at every start.",
          Parsers.bool());

  private static Function<String, Duration> between(Duration min, Duration max) {
    return raw -> {
      Duration d = Parsers.duration().apply(raw);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "must be between " + min.toMillis() + "ms and " + max.toSeconds() + "s, got " + raw);
      }
      return d;
    };
  }

  private static List<Duration> durations(String raw) {
    List<Duration> list =
        commaSeparated(raw).stream()
            .map(between(Duration.ofMillis(10), Duration.ofDays(1)))
            .toList();
    if (list.isEmpty()) {
      throw new IllegalArgumentException("must list at least one duration, e.g. 5s,30s,2m");
    }
    return list;
  }

  private static Function<String, Duration> atLeast(Duration min) {
    return raw -> {
      Duration d = Parsers.duration().apply(raw);
      if (d.compareTo(min) < 0) {
        throw new IllegalArgumentException("must be at least " + min.toSeconds() + "s, got " + raw);
      }
      return d;
    };
  }

  private static Function<String, Duration> atMost(Duration max) {
    return raw -> {
      Duration d = Parsers.duration().apply(raw);
      if (d.isNegative() || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "must be between 0s and " + max.toSeconds() + "s, got " + raw);
      }
      return d;
    };
  }

  private static Function<String, String> nonBlank() {
    return raw -> {
      if (raw.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return raw.trim();
    };
  }

  private static List<String> commaSeparated(String raw) {
    return java.util.Arrays.stream(raw.split(","))
        .map(String::trim)
        .filter(part -> !part.isEmpty())
        .toList();
  }

  /** {@code kind=duration} pairs separated by commas; kinds as in {@link RequestKind#label()}. */
  private static Map<RequestKind, Duration> kindDurations(String raw) {
    Map<RequestKind, Duration> map = new EnumMap<>(RequestKind.class);
    for (String part : raw.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "must be kind=duration pairs, got '" + part.trim() + "'");
      }
      RequestKind kind = null;
      for (RequestKind k : RequestKind.values()) {
        if (k.label().equals(kv[0].trim().toLowerCase(Locale.ROOT))) {
          kind = k;
        }
      }
      if (kind == null) {
        throw new IllegalArgumentException("unknown request kind '" + kv[0].trim() + "'");
      }
      map.put(kind, atLeast(MIN_LINK_TIMEOUT).apply(kv[1]));
    }
    return map;
  }

  public static final Setting<String> OQS_HOME_VISIT_REINQUIRY_FILE =
      new Setting<>(
          "oqs.home-visit.reinquiry-file",
          "OQSsihvq01",
          "The file a home-visit re-inquiry (再照会) is sent as: OQSsihvq01 (the single 訪問診療等 query"
              + " the connecting app knows) or OQSsiquc01 (the individual check) with"
              + " MedicalTreatmentFlag 2. Both carry the individual check's layout plus"
              + " MedicalTreatmentFlag; the layout is unconfirmed (REFERENCE §2.7):"
              + " docs/HOME-VISIT.md.",
          Parsers.oneOf("OQSsihvq01", "OQSsiquc01"));
  public static final Setting<Integer> HOME_VISIT_WINDOW_MONTHS =
      new Setting<>(
          "home-visit.reinquiry.window-months",
          "3",
          "Months after the first card-based visit at home during which re-inquiry is allowed, to"
              + " the end of the month in which they have passed (MHLW notice 2024-03-21: 3).",
          Parsers.integer(1, 12));
  public static final Setting<Boolean> HOME_VISIT_REQUIRE_MONTHLY_CLAIMS =
      new Setting<>(
          "home-visit.reinquiry.require-monthly-claims",
          "true",
          "Past the first window, re-inquire only when a claim (レセプト) is recorded for every month"
              + " since the first visit (POST /api/v1/home-visit-relationships/{id}/claims).",
          Parsers.bool());
  public static final Setting<Integer> HOME_VISIT_CLAIMS_LAG_MONTHS =
      new Setting<>(
          "home-visit.reinquiry.claims-lag-months",
          "2",
          "How many months behind a re-inquiry's month the recorded claims must reach (claims are"
              + " reviewed after the month; unconfirmed how late OQS sees them).",
          Parsers.integer(0, 6));
  public static final Setting<Boolean> HOME_VISIT_REINQUIRY_FROM_CARDS =
      new Setting<>(
          "home-visit.reinquiry.from-cards",
          "true",
          "A My Number card read by a reader agent for a patient whose home-visit relationship"
              + " allows it runs the re-inquiry instead of the individual check.",
          Parsers.bool());

  // API rate limits per client (docs/SECURITY.md).
  public static final Setting<Integer> API_RATE_LIMIT_PER_SECOND =
      new Setting<>(
          "api.rate-limit.requests-per-second",
          "50",
          "Requests per second one caller (token subject) may make on average; more get 429 with"
              + " Retry-After.",
          Parsers.integer(1, 100_000));
  public static final Setting<Integer> API_RATE_LIMIT_BURST =
      new Setting<>(
          "api.rate-limit.burst",
          "200",
          "Requests one caller may make at once above its average rate.",
          Parsers.integer(1, 1_000_000));
  public static final Setting<Integer> API_RATE_LIMIT_AUTH_FAILURES =
      new Setting<>(
          "api.rate-limit.auth-failures-per-minute",
          "30",
          "Refused tokens (401) one network address may present per minute; past that its requests"
              + " to guarded operations get 429 until it has waited.",
          Parsers.integer(1, 100_000));

  /** All keys, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          API_HOST,
          API_PORT,
          MANAGEMENT_HOST,
          MANAGEMENT_PORT,
          HTTP_MAX_BODY_KB,
          API_RATE_LIMIT_PER_SECOND,
          API_RATE_LIMIT_BURST,
          API_RATE_LIMIT_AUTH_FAILURES,
          API_CHECK_WAIT,
          QUALIFICATION_FRESH_FOR,
          OQS_REFERENCE_NUMBER_AUTO_REGISTER,
          QUALIFICATION_STALE_FALLBACK,
          OQS_FACE_READER_DESK,
          PG_URL,
          PG_POOL_SIZE,
          PG_DATABASE,
          PG_EMBEDDED_DIR,
          PG_EMBEDDED_OS_USER,
          PG_EMBEDDED_PORT,
          PG_EMBEDDED_DURABLE,
          PG_EMBEDDED_START_TIMEOUT,
          PG_MIGRATION_URL,
          PG_ALLOW_SUPERUSER,
          PG_ALLOW_PLAINTEXT,
          OQS_ROOT,
          OQS_CREATE_FOLDERS,
          OQS_MIN_FREE_MB,
          OQS_REQ_DIR,
          OQS_RES_DIR,
          OQS_FACE_DIR,
          OQS_ARCHIVE_DIR,
          OQS_INSTITUTION_CODE,
          OQS_TIME_ZONE,
          OQS_REQUEST_ENCODING,
          OQS_LINK_TIMEOUT,
          OQS_LINK_TIMEOUTS,
          OQS_LINK_PICKUP_THRESHOLD,
          OQS_LINK_SCAN_INTERVAL,
          OQS_LINK_STABLE_DELAY,
          OQS_LINK_BULK_REASK_INTERVAL,
          OQS_LINK_BULK_REASK_MAX,
          OQS_LINK_FACE_MAX_AGE,
          OQS_LINK_PROBE_IDLE,
          OQS_LINK_SCAN_BUDGET_MB,
          WORKER_FILES_POOL_SIZE,
          HEALTH_CHECK_TIMEOUT,
          SHUTDOWN_DRAIN_TIMEOUT,
          LOG_LEVEL,
          AUTH_ENABLED,
          AUTH_KEYS_DIR,
          AUTH_ALGORITHM,
          AUTH_ISSUER,
          AUTH_AUDIENCE,
          AUTH_TRUSTED_PUBLIC_KEYS,
          AUTH_HS256_SECRET_FILE,
          AUTH_TOKEN_CACHE_SIZE,
          AUTH_CLOCK_SKEW,
          AUTH_MAX_LIFETIME_ADMIN,
          AUTH_MAX_LIFETIME_OPS,
          AUTH_MAX_LIFETIME_CHART,
          AUTH_MAX_LIFETIME_RECEPTION,
          AUTH_MAX_LIFETIME_CLINICIAN,
          AUTH_MAX_LIFETIME_AGENT,
          AUTH_TOKEN_CACHE_TRUST,
          OUTBOX_POLL_INTERVAL,
          WEBHOOKS_TIMEOUT,
          WEBHOOKS_CONCURRENCY,
          WEBHOOKS_MAX_ATTEMPTS,
          WEBHOOKS_RETRY_DELAYS,
          WEBHOOKS_ALLOW_HOSTS,
          WEBHOOKS_ALLOW_HTTP,
          WEBHOOKS_MAX_SUBSCRIPTIONS_PER_SUBJECT,
          WEBHOOKS_SECRET_KEY_FILE,
          WEBHOOKS_TRUST_CA,
          AGENTS_ENABLED,
          AGENTS_HOST,
          AGENTS_PORT,
          AGENTS_TLS_CERT,
          AGENTS_TLS_KEY,
          AGENTS_IDLE_TIMEOUT,
          AGENTS_JPKI_CA,
          AGENTS_REQUIRE_PIN,
          AGENTS_CHALLENGE_TTL,
          OQS_HOME_VISIT_REINQUIRY_FILE,
          HOME_VISIT_WINDOW_MONTHS,
          HOME_VISIT_REQUIRE_MONTHLY_CLAIMS,
          HOME_VISIT_CLAIMS_LAG_MONTHS,
          HOME_VISIT_REINQUIRY_FROM_CARDS,
          API_TLS_ENABLED,
          MANAGEMENT_TLS_ENABLED,
          TLS_CERT,
          TLS_KEY,
          TLS_NAMES,
          TLS_RENEWAL_CHECK_INTERVAL,
          API_ALLOW_PLAINTEXT_ON_LAN,
          MANAGEMENT_ALLOW_PLAINTEXT_ON_LAN);
}
