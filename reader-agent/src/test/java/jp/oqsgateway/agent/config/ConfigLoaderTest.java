package jp.oqsgateway.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.oqsgateway.agent.reader.ReaderIdentity;
import jp.oqsgateway.settings.ConfigException;
import jp.oqsgateway.settings.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("agent.yaml"), text);
  }

  @Test
  void aFileWithReaderRulesIsReadAndTheEnvironmentOverridesIt() throws IOException {
    Path f =
        yaml(
            """
            agent.id: uketsuke-pc-1
            gateway.url: wss://gw.example:8443/agent/eventbus/websocket
            buffer.max-events: 50
            readers:
              - {match: "ACS ACR1252 *", id: desk1-nfc, desk: desk-1}
            """);
    AgentConfig c = ConfigLoader.load(f, Map.of("OQSAGENT_BUFFER_MAX_EVENTS", "70"));

    assertThat(c.agentId()).isEqualTo("uketsuke-pc-1");
    assertThat(c.maxEvents()).isEqualTo(70);
    assertThat(c.readers().identify("ACS ACR1252 Dual Reader [PICC] 00 00"))
        .isEqualTo(new ReaderIdentity("desk1-nfc", "desk-1"));
    assertThat(c.readers().identify("Virtual PCD 00 01"))
        .isEqualTo(new ReaderIdentity("virtual-pcd-00-01", "unassigned"));
    assertThat(c.pinPrompt()).isEqualTo(AgentConfig.PinPromptKind.CONSOLE);
  }

  @Test
  void readersCanComeFromTheEnvironment() {
    AgentConfig c =
        ConfigLoader.load(
            null,
            Map.of("OQSAGENT_AGENT_ID", "pc-2", "OQSAGENT_READERS", "Virtual PCD 00 00=r1@desk-2"));
    assertThat(c.readers().identify("Virtual PCD 00 00"))
        .isEqualTo(new ReaderIdentity("r1", "desk-2"));
  }

  @Test
  void aBadValueIsOneLineNamingTheKeyTheRuleAndTheOrigin() throws IOException {
    Path f = yaml("agent.id: pc-1\nbuffer.max-events: lots\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration buffer.max-events (" + f + "): an integer from 1 to 1000000");
  }

  @Test
  void aMissingAgentIdAnUnknownKeyAndAPlainHttpUrlAreRefused() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of())).hasMessageContaining("agent.id");
    Path unknown = yaml("agent.id: pc-1\nagent.nmae: x\n");
    assertThatThrownBy(() -> ConfigLoader.load(unknown, Map.of()))
        .hasMessageContaining("agent.nmae")
        .hasMessageContaining("unknown key");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of("OQSAGENT_AGENT_ID", "pc-1", "OQSAGENT_GATEWAY_URL", "http://gw")))
        .hasMessageContaining("gateway.url (environment OQSAGENT_GATEWAY_URL): must be a wss://");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of("OQSAGENT_AGENT_ID", "pc-1", "OQSAGENT_PIN_PROMPT", "script")))
        .hasMessageContaining("pin.script-file");
  }

  @Test
  void theExampleConfigurationShippedInOpsIsValid() throws Exception {
    AgentConfig c =
        ConfigLoader.load(java.nio.file.Path.of("../ops/config/agent.example.yaml"), Map.of());

    assertThat(c.agentId()).isEqualTo("uketsuke-pc-1");
    assertThat(c.gatewayUrl()).isPresent();
    assertThat(c.tokenFile()).isPresent();
    assertThat(c.caFile()).isPresent();
    assertThat(c.readers().identify("ACS ACR1252 Dual Reader [PICC] 00 00").deskId())
        .isEqualTo("uketsuke-1");
  }

  @Test
  void everyKeyIsDocumentedInTheReaderAgentGuideWithItsDefault() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "READER-AGENT.md"));
    for (Setting<?> s : ConfigLoader.CATALOG.settings()) {
      String shown = s.defaultValue().isEmpty() ? "—" : "`" + s.defaultValue() + "`";
      assertThat(docs).as("row for %s", s.key()).contains("| `" + s.key() + "` | " + shown + " |");
    }
  }
}
