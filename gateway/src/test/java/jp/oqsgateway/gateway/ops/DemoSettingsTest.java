package jp.oqsgateway.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the gateway may look for the demo's virtual card: loopback only, or nowhere. */
class DemoSettingsTest {
  @TempDir Path home;

  private GatewayConfig with(String control) {
    return GatewayConfig.from(
        Settings.load(null, Map.of(), Map.of("demo.virtual-card-control", control)),
        home,
        Map.of());
  }

  @Test
  void aControlChannelOffLoopbackStopsTheStartNamingTheKey() {
    assertThatThrownBy(() -> with("192.168.10.5:8790"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("demo.virtual-card-control")
        .hasMessageContaining("loopback");
  }

  @Test
  void aControlChannelWithoutAPortStopsTheStart() {
    assertThatThrownBy(() -> with("127.0.0.1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("host:port");
  }

  @Test
  void loopbackAddressesAreAcceptedAndEmptyMeansNoVirtualCard() {
    assertThat(with("127.0.0.1:8790").virtualCardControl()).isPresent();
    assertThat(with("localhost:8790").virtualCardControl()).isPresent();
    assertThat(with("[::1]:8790").virtualCardControl()).isPresent();
    assertThat(with("").virtualCardControl()).isEmpty();
  }
}
