package jp.oqsgateway.vcard.pcscd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A card test's pcscd waits for vpcd's fixed port when something holds it for a moment, and gives
 * up with a reason when it stays held. Skipped where a pcscd with vpcd already runs.
 */
class VpcdPortTest {
  @BeforeEach
  void portFree() {
    assumeFalse(PcscdHost.vpcdPortTaken(), "a pcscd with vpcd runs on this machine");
  }

  private static ServerSocket holdPort() throws Exception {
    ServerSocket held = new ServerSocket();
    held.bind(new InetSocketAddress(PcscdHost.VPCD_PORT));
    return held;
  }

  @Test
  void aPortHeldForAMomentIsWaitedForUntilItIsFree() throws Exception {
    ServerSocket held = holdPort();
    Thread release =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
                held.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    release.start();
    try {
      assertThat(PcscdHost.vpcdPortTaken()).isTrue();
      assertThat(PcscdHost.vpcdPortFreeWithin(Duration.ofSeconds(10))).isTrue();
    } finally {
      release.join();
    }
  }

  @Test
  void aPortHeldThroughoutTheWaitIsReportedTaken() throws Exception {
    try (ServerSocket held = holdPort()) {
      assertThat(PcscdHost.vpcdPortFreeWithin(Duration.ofMillis(300))).isFalse();
    }
    assertThat(PcscdHost.vpcdPortTaken()).isFalse();
  }
}
