package jp.oqsgateway.vcard.pcscd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A card test's pcscd waits for vpcd's fixed port when something holds it for a moment, and gives
 * up with a reason when it stays held; shown on a port of the test's own, so that a pcscd running
 * on this machine changes nothing.
 */
class VpcdPortTest {
  /** A port held on every interface, as vpcd's would be. */
  private static ServerSocket holdAPort() throws Exception {
    ServerSocket held = new ServerSocket();
    held.bind(new InetSocketAddress(0));
    return held;
  }

  @Test
  void aPortHeldForAMomentIsWaitedForUntilItIsFree() throws Exception {
    ServerSocket held = holdAPort();
    int port = held.getLocalPort();
    // Taken before the release starts: checked after it, a thread paused 300 ms would see it free.
    assertThat(PcscdHost.portTaken(port)).isTrue();
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
      assertThat(PcscdHost.portFreeWithin(port, Duration.ofSeconds(10))).isTrue();
    } finally {
      release.join();
    }
  }

  @Test
  void aPortHeldThroughoutTheWaitIsReportedTaken() throws Exception {
    int port;
    try (ServerSocket held = holdAPort()) {
      port = held.getLocalPort();
      assertThat(PcscdHost.portFreeWithin(port, Duration.ofMillis(300))).isFalse();
    }
    assertThat(PcscdHost.portTaken(port)).isFalse();
  }
}
