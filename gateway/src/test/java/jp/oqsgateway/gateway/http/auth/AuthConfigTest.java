package jp.oqsgateway.gateway.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth.* keys as the gateway reads them. */
class AuthConfigTest {
  @TempDir Path home;

  private AuthConfig auth(Map<String, String> overrides) {
    return GatewayConfig.from(Settings.load(null, Map.of(), overrides), home, Map.of()).auth();
  }

  @Test
  void withNothingConfiguredAuthenticationIsOnWithEs256KeysUnderVarKeysAndNoHs256() {
    AuthConfig c = auth(Map.of());

    assertThat(c.enabled()).isTrue();
    assertThat(c.keysDir()).isEqualTo(home.resolve("var/keys"));
    assertThat(c.algorithm()).isEqualTo("ES256");
    assertThat(c.issuer()).isEqualTo("oqs-gateway");
    assertThat(c.audience()).isEqualTo("oqs-gateway-api");
    assertThat(c.trustedPublicKeys()).isEmpty();
    assertThat(c.hs256SecretFile()).isEmpty();
    assertThat(c.tokenCacheSize()).isEqualTo(10_000);
    assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void pathsResolveAgainstTheGatewayHomeAndTrustedKeysAreCommaSeparated() {
    AuthConfig c =
        auth(
            Map.of(
                "auth.keys-dir", "/etc/oqsgw/keys",
                "auth.trusted-public-keys", "ops/keys/a.pem, /srv/b.pem,",
                "auth.hs256-secret-file", "ops/hs256.secret",
                "auth.algorithm", "rs256"));

    assertThat(c.keysDir()).isEqualTo(Path.of("/etc/oqsgw/keys"));
    assertThat(c.trustedPublicKeys())
        .containsExactly(home.resolve("ops/keys/a.pem"), Path.of("/srv/b.pem"));
    assertThat(c.hs256SecretFile()).contains(home.resolve("ops/hs256.secret"));
    assertThat(c.algorithm()).isEqualTo("RS256");
  }

  @Test
  void badValuesNameTheKeyAndTheRule() {
    assertThatThrownBy(() -> auth(Map.of("auth.algorithm", "HS256")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("auth.algorithm: must be one of ES256, RS256, got 'HS256' (from override)");
    assertThatThrownBy(() -> auth(Map.of("auth.clock-skew", "10m")))
        .hasMessage("auth.clock-skew: must be between 0s and 300s, got 10m (from override)");
    assertThatThrownBy(() -> auth(Map.of("auth.issuer", " ")))
        .hasMessage("auth.issuer: must not be empty (from override)");
  }
}
