package jp.oqsgateway.gateway.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.oqsgateway.gateway.http.HttpSettings;
import jp.oqsgateway.settings.ConfigException;
import jp.oqsgateway.settings.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    Path f = dir.resolve("gateway.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void withNothingConfiguredTheDocumentedDefaultsApply() {
    GatewayConfig c = GatewayConfig.from(Settings.load(null, Map.of(), Map.of()), dir, Map.of());
    assertThat(c.api().port()).isEqualTo(8080);
    assertThat(c.management().port()).isEqualTo(8081);
    assertThat(c.database().externalUrl()).isEmpty();
    assertThat(c.database().embedded().dir()).isEqualTo(dir.resolve("var/pg"));
    assertThat(c.database().embedded().dirIsDefault()).isTrue();
    assertThat(c.exchange().createFolders()).isFalse();
    assertThat(c.shutdownDrainTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theEnvironmentOverridesTheFileAndTheCommandLineOverridesBoth() throws IOException {
    Path f = yaml("api:\n  port: 9000\nmanagement:\n  port: 9001\n");
    ConfigSource src =
        Settings.load(
            f,
            Map.of("OQSGW_API_PORT", "9100", "OQSGW_MANAGEMENT_PORT", "9101"),
            Map.of("management.port", "9201"));
    GatewayConfig c = GatewayConfig.from(src, dir, Map.of());
    assertThat(c.api().port()).isEqualTo(9100);
    assertThat(c.management().port()).isEqualTo(9201);
    assertThat(src.origin(HttpSettings.API_PORT)).isEqualTo("environment OQSGW_API_PORT");
  }

  @Test
  void anExternalDatabaseIsChosenByOqsgwPgUrl() {
    ConfigSource src =
        Settings.load(
            null, Map.of("OQSGW_PG_URL", "postgresql://u:p@db.example:5432/oqsgw"), Map.of());
    assertThat(GatewayConfig.from(src, dir, Map.of()).database().externalUrl())
        .contains("postgresql://u:p@db.example:5432/oqsgw");
  }

  @Test
  void xdgDataHomeIsUsedForTheEmbeddedDatabaseWhenNoDirectoryIsConfigured() {
    GatewayConfig c =
        GatewayConfig.from(
            Settings.load(null, Map.of(), Map.of()), dir, Map.of("XDG_DATA_HOME", "/srv/data"));
    assertThat(c.database().embedded().dir()).isEqualTo(Path.of("/srv/data/oqs-gateway/pg"));
  }

  @Test
  void aBadPortNamesTheKeyTheRuleAndWhereTheValueCameFrom() {
    ConfigSource src = Settings.load(null, Map.of("OQSGW_API_PORT", "80800"), Map.of());
    assertThatThrownBy(() -> GatewayConfig.from(src, dir, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "api.port: must be between 0 and 65535, got 80800 (from environment OQSGW_API_PORT)");
  }

  @Test
  void theRequestEncodingIsShiftJisUnlessUtf8IsConfiguredAndNothingElseIsAccepted() {
    assertThat(
            GatewayConfig.from(Settings.load(null, Map.of(), Map.of()), dir, Map.of())
                .link()
                .requestEncoding())
        .isEqualTo(jp.oqsgateway.gateway.oqs.xml.OqsCharset.SHIFT_JIS);
    ConfigSource utf8 =
        Settings.load(null, Map.of("OQSGW_OQS_REQUEST_ENCODING", "utf-8"), Map.of());
    assertThat(GatewayConfig.from(utf8, dir, Map.of()).link().requestEncoding())
        .isEqualTo(jp.oqsgateway.gateway.oqs.xml.OqsCharset.UTF_8);
    ConfigSource euc = Settings.load(null, Map.of(), Map.of("oqs.request-encoding", "EUC-JP"));
    assertThatThrownBy(() -> GatewayConfig.from(euc, dir, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("oqs.request-encoding: must be one of Shift_JIS, UTF-8");
  }

  @Test
  void aMisspelledKeyInTheFileIsRejectedRatherThanIgnored() throws IOException {
    Path f = yaml("api:\n  prot: 9000\n");
    assertThatThrownBy(() -> Settings.load(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("api.prot: unknown key");
  }

  @Test
  void aDatabaseUrlOfTheWrongSchemeIsRejectedWithAnExample() {
    ConfigSource src =
        Settings.load(null, Map.of("OQSGW_PG_URL", "jdbc:postgresql://h/db"), Map.of());
    assertThatThrownBy(() -> GatewayConfig.from(src, dir, Map.of()))
        .hasMessageContaining("pg.url: must start with postgresql://");
  }

  @Test
  void invalidYamlIsReportedWithTheFileName() throws IOException {
    Path f = yaml("api: [unclosed\n");
    assertThatThrownBy(() -> Settings.load(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("not valid YAML");
  }
}
