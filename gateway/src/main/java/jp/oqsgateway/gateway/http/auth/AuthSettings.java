package jp.oqsgateway.gateway.http.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of API authentication (docs/AUTH.md). */
public final class AuthSettings {
  private AuthSettings() {}

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
              + " first start or first ./ops/oqsgw token, and of the public keys ./ops/oqsgw keys"
              + " rotate retired (relative to the gateway home).",
          Parsers.text());
  public static final Setting<String> AUTH_ALGORITHM =
      new Setting<>(
          "auth.algorithm",
          "ES256",
          "Algorithm of the tokens the gateway signs: ES256 (P-256) or RS256 (RSA 3072).",
          Parsers.oneOf("ES256", "RS256"));
  public static final Setting<Duration> AUTH_SIGNING_KEY_LIFETIME =
      new Setting<>(
          "auth.signing-key-lifetime",
          "365d",
          "How long after its creation the gateway's token signing key should be replaced with"
              + " ./ops/oqsgw keys rotate: its expiry time is the metric"
              + " oqsgw_auth_signing_key_expiry_timestamp_seconds, alerted on 30 days ahead. A key"
              + " past it still signs and verifies. Between 60d and 1826d.",
          raw -> {
            Duration d = Parsers.duration().apply(raw);
            if (d.compareTo(Duration.ofDays(60)) < 0 || d.compareTo(Duration.ofDays(1826)) > 0) {
              throw new IllegalArgumentException("must be between 60d and 1826d, got " + raw);
            }
            return d;
          });
  public static final Setting<String> AUTH_ISSUER =
      new Setting<>(
          "auth.issuer",
          "oqs-gateway",
          "The iss claim the gateway writes and requires.",
          Parsers.nonBlank());
  public static final Setting<String> AUTH_AUDIENCE =
      new Setting<>(
          "auth.audience",
          "oqs-gateway-api",
          "The aud claim the gateway writes and requires.",
          Parsers.nonBlank());
  public static final Setting<List<String>> AUTH_TRUSTED_PUBLIC_KEYS =
      new Setting<>(
          "auth.trusted-public-keys",
          "",
          "Comma-separated PEM public keys (EC P-256 or RSA) whose ES256/RS256 tokens are accepted"
              + " besides the gateway's own, e.g. a second gateway's. Empty: only the gateway's own.",
          Parsers::commaSeparated);
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
          Parsers.atMost(Duration.ofMinutes(5)));
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
          Parsers.atMost(Duration.ofSeconds(30)));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          AUTH_ENABLED,
          AUTH_KEYS_DIR,
          AUTH_ALGORITHM,
          AUTH_SIGNING_KEY_LIFETIME,
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
          AUTH_TOKEN_CACHE_TRUST);

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

  /** The folder of the gateway's keys, absolute; other owners keep their keys under it too. */
  public static Path keysDir(ConfigSource src, Path home) {
    return home.resolve(src.get(AUTH_KEYS_DIR)).normalize();
  }

  /** Relative paths resolve against {@code home}. */
  public static AuthConfig read(ConfigSource src, Path home) {
    String secret = src.get(AUTH_HS256_SECRET_FILE);
    return new AuthConfig(
        src.get(AUTH_ENABLED),
        keysDir(src, home),
        src.get(AUTH_ALGORITHM),
        src.get(AUTH_ISSUER),
        src.get(AUTH_AUDIENCE),
        src.get(AUTH_TRUSTED_PUBLIC_KEYS).stream().map(p -> home.resolve(p).normalize()).toList(),
        secret.isEmpty() ? Optional.empty() : Optional.of(home.resolve(secret).normalize()),
        src.get(AUTH_TOKEN_CACHE_SIZE),
        src.get(AUTH_CLOCK_SKEW),
        lifetimes(src),
        src.get(AUTH_TOKEN_CACHE_TRUST),
        src.get(AUTH_SIGNING_KEY_LIFETIME));
  }

  private static TokenLifetimes lifetimes(ConfigSource src) {
    Map<Role, Duration> max = new EnumMap<>(Role.class);
    max.put(Role.ADMIN, src.get(AUTH_MAX_LIFETIME_ADMIN));
    max.put(Role.OPS, src.get(AUTH_MAX_LIFETIME_OPS));
    max.put(Role.CHART, src.get(AUTH_MAX_LIFETIME_CHART));
    max.put(Role.RECEPTION, src.get(AUTH_MAX_LIFETIME_RECEPTION));
    max.put(Role.CLINICIAN, src.get(AUTH_MAX_LIFETIME_CLINICIAN));
    max.put(Role.AGENT, src.get(AUTH_MAX_LIFETIME_AGENT));
    return new TokenLifetimes(max);
  }
}
