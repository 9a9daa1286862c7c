package jp.oqsgateway.gateway.http;

import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.http.auth.ClientLimits;
import jp.oqsgateway.gateway.tls.GatewayCa.ServerKeyCert;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the API and management servers: addresses, body limit, rate limits, plain text. */
public final class HttpSettings {
  private HttpSettings() {}

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

  /** The keys above, in documentation order. */
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
          API_TLS_ENABLED,
          MANAGEMENT_TLS_ENABLED,
          API_ALLOW_PLAINTEXT_ON_LAN,
          MANAGEMENT_ALLOW_PLAINTEXT_ON_LAN);

  /** The API server; {@code cert} is what it serves HTTPS with when {@code api.tls.enabled}. */
  public static HttpServerConfig api(ConfigSource src, ServerKeyCert cert) {
    return new HttpServerConfig(
        src.get(API_HOST),
        src.get(API_PORT),
        Optional.of(cert).filter(t -> src.get(API_TLS_ENABLED)),
        src.get(API_ALLOW_PLAINTEXT_ON_LAN));
  }

  /** The management server; {@code cert} as for {@link #api}. */
  public static HttpServerConfig management(ConfigSource src, ServerKeyCert cert) {
    return new HttpServerConfig(
        src.get(MANAGEMENT_HOST),
        src.get(MANAGEMENT_PORT),
        Optional.of(cert).filter(t -> src.get(MANAGEMENT_TLS_ENABLED)),
        src.get(MANAGEMENT_ALLOW_PLAINTEXT_ON_LAN));
  }

  public static ClientLimits.Config rateLimits(ConfigSource src) {
    return new ClientLimits.Config(
        src.get(API_RATE_LIMIT_PER_SECOND),
        src.get(API_RATE_LIMIT_BURST),
        src.get(API_RATE_LIMIT_AUTH_FAILURES));
  }
}
