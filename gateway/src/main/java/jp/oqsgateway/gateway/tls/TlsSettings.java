package jp.oqsgateway.gateway.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.tls.GatewayCa.ServerKeyCert;
import jp.oqsgateway.settings.ConfigException;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the certificate the API and management servers serve (docs/OPERATIONS.md#tls). */
public final class TlsSettings {
  private TlsSettings() {}

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
          Parsers::commaSeparated);
  public static final Setting<Duration> TLS_RENEWAL_CHECK_INTERVAL =
      new Setting<>(
          "tls.renewal-check-interval",
          "12h",
          "How often the running gateway checks the certificates its CA issued (API, management,"
              + " agents): one expiring within 30 days is issued again and loaded without a restart.",
          Parsers.between(Duration.ofSeconds(1), Duration.ofDays(7)));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(TLS_CERT, TLS_KEY, TLS_NAMES, TLS_RENEWAL_CHECK_INTERVAL);

  /**
   * @param home relative paths resolve against it
   * @param caDir the folder of the gateway's CA
   * @param hosts the hosts the API and management servers listen on
   */
  public static TlsConfig read(ConfigSource src, Path home, Path caDir, List<String> hosts) {
    String cert = src.get(TLS_CERT);
    String key = src.get(TLS_KEY);
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(
          cert.isEmpty() ? "tls.cert" : "tls.key",
          null,
          "must be set together with " + (cert.isEmpty() ? "tls.key" : "tls.cert"));
    }
    List<String> extra = src.get(TLS_NAMES);
    List<String> names = new ArrayList<>(hosts);
    names.addAll(extra);
    return new TlsConfig(
        cert.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new ServerKeyCert(
                    home.resolve(cert).normalize(),
                    home.resolve(key).normalize(),
                    Optional.empty())),
        caDir,
        GatewayCa.names(names),
        extra,
        src.get(TLS_RENEWAL_CHECK_INTERVAL));
  }
}
