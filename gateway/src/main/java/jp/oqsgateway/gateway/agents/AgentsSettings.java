package jp.oqsgateway.gateway.agents;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.settings.ConfigException;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the agent server and card identity (docs/READER-AGENT.md). */
public final class AgentsSettings {
  private AgentsSettings() {}

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
          Parsers.between(Duration.ofSeconds(1), Duration.ofMinutes(10)));
  public static final Setting<List<String>> AGENTS_JPKI_CA =
      new Setting<>(
          "agents.jpki-ca",
          "",
          "Comma-separated PEM files of the JPKI user-authentication CA certificates that My Number"
              + " card certificates must chain to. Empty: no card verifies. The demo sets the"
              + " simulator's test CA, which `oqs-simulator ca` writes.",
          Parsers::commaSeparated);
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
          Parsers.between(Duration.ofSeconds(5), Duration.ofMinutes(10)));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          AGENTS_ENABLED,
          AGENTS_HOST,
          AGENTS_PORT,
          AGENTS_TLS_CERT,
          AGENTS_TLS_KEY,
          AGENTS_IDLE_TIMEOUT,
          AGENTS_JPKI_CA,
          AGENTS_REQUIRE_PIN,
          AGENTS_CHALLENGE_TTL);

  /**
   * @param home relative paths resolve against it
   * @param generatedTlsDir where the server's certificate is created when none is configured
   */
  public static AgentsConfig read(ConfigSource src, Path home, Path generatedTlsDir) {
    String cert = src.get(AGENTS_TLS_CERT);
    String key = src.get(AGENTS_TLS_KEY);
    if (cert.isEmpty() != key.isEmpty()) {
      String missing = cert.isEmpty() ? "agents.tls.cert" : "agents.tls.key";
      throw new ConfigException(
          missing,
          null,
          "must be set together with " + (cert.isEmpty() ? "agents.tls.key" : "agents.tls.cert"));
    }
    List<Path> ca = src.get(AGENTS_JPKI_CA).stream().map(p -> home.resolve(p).normalize()).toList();
    return new AgentsConfig(
        src.get(AGENTS_ENABLED),
        src.get(AGENTS_HOST),
        src.get(AGENTS_PORT),
        cert.isEmpty() ? Optional.empty() : Optional.of(home.resolve(cert).normalize()),
        key.isEmpty() ? Optional.empty() : Optional.of(home.resolve(key).normalize()),
        generatedTlsDir,
        src.get(AGENTS_IDLE_TIMEOUT),
        ca,
        src.get(AGENTS_REQUIRE_PIN),
        src.get(AGENTS_CHALLENGE_TTL));
  }
}
