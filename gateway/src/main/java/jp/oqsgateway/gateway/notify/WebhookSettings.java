package jp.oqsgateway.gateway.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the outbox relay and webhooks (docs/CONFIGURATION.md, docs/SECURITY.md). */
public final class WebhookSettings {
  private WebhookSettings() {}

  public static final Setting<Duration> OUTBOX_POLL_INTERVAL =
      new Setting<>(
          "outbox.poll-interval",
          "1s",
          "How often the relay looks for webhook deliveries that are due (retries), and for new"
              + " outbox events should a commit's notification be missed: new events wake it at"
              + " once (PostgreSQL NOTIFY).",
          Parsers.between(Duration.ofMillis(10), Duration.ofMinutes(1)));
  public static final Setting<Duration> WEBHOOKS_TIMEOUT =
      new Setting<>(
          "webhooks.timeout",
          "10s",
          "Longest one webhook attempt may take in total (resolving, connecting, TLS, sending, the"
              + " answer's status line), however slowly the receiver trickles bytes; longer counts"
              + " as a failed attempt (timeout).",
          Parsers.between(Duration.ofMillis(100), Duration.ofMinutes(5)));
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
          WebhookSettings::durations);
  public static final Setting<List<String>> WEBHOOKS_ALLOW_HOSTS =
      new Setting<>(
          "webhooks.allow-hosts",
          "",
          "Comma-separated host names, addresses and CIDR ranges webhooks may reach although they"
              + " are loopback, link-local or private (the clinic LAN, this machine), e.g."
              + " karte.local,192.168.10.0/24. Empty: only addresses on the internet. The gateway's"
              + " own ports are never allowed.",
          raw ->
              Parsers.commaSeparated(raw).stream().map(TargetPolicy::validateAllowEntry).toList());
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
          Parsers::commaSeparated);

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          OUTBOX_POLL_INTERVAL,
          WEBHOOKS_TIMEOUT,
          WEBHOOKS_CONCURRENCY,
          WEBHOOKS_MAX_ATTEMPTS,
          WEBHOOKS_RETRY_DELAYS,
          WEBHOOKS_ALLOW_HOSTS,
          WEBHOOKS_ALLOW_HTTP,
          WEBHOOKS_MAX_SUBSCRIPTIONS_PER_SUBJECT,
          WEBHOOKS_SECRET_KEY_FILE,
          WEBHOOKS_TRUST_CA);

  private static List<Duration> durations(String raw) {
    List<Duration> list =
        Parsers.commaSeparated(raw).stream()
            .map(Parsers.between(Duration.ofMillis(10), Duration.ofDays(1)))
            .toList();
    if (list.isEmpty()) {
      throw new IllegalArgumentException("must list at least one duration, e.g. 5s,30s,2m");
    }
    return list;
  }

  /**
   * @param home relative paths resolve against it
   * @param keysDir the gateway's key folder: the secrets' key lives under it unless configured
   */
  public static RelayConfig read(ConfigSource src, Path home, Path keysDir) {
    String keyFile = src.get(WEBHOOKS_SECRET_KEY_FILE);
    return new RelayConfig(
        src.get(OUTBOX_POLL_INTERVAL),
        src.get(WEBHOOKS_TIMEOUT),
        src.get(WEBHOOKS_CONCURRENCY),
        src.get(WEBHOOKS_MAX_ATTEMPTS),
        src.get(WEBHOOKS_RETRY_DELAYS),
        new WebhookRules(
            src.get(WEBHOOKS_ALLOW_HTTP),
            src.get(WEBHOOKS_ALLOW_HOSTS),
            src.get(WEBHOOKS_MAX_SUBSCRIPTIONS_PER_SUBJECT),
            keyFile.isEmpty()
                ? keysDir.resolve("webhooks/secret.key").normalize()
                : home.resolve(keyFile).normalize(),
            src.get(WEBHOOKS_TRUST_CA).stream().map(p -> home.resolve(p).normalize()).toList()));
  }
}
