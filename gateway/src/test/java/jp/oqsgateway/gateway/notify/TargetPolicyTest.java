package jp.oqsgateway.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may reach, decided on the address itself (no DNS in these tests). */
class TargetPolicyTest {
  private static TargetPolicy policy(boolean allowHttp, String... allowHosts) {
    return new TargetPolicy(
        new WebhookRules(allowHttp, List.of(allowHosts), 20, Path.of("k"), List.of()));
  }

  private static Optional<String> refusal(TargetPolicy p, String url, String address)
      throws Exception {
    return p.refusal(p.target(url), InetAddress.getByName(address));
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.255.0.9, loopback",
    "::1, loopback",
    "169.254.169.254, link-local",
    "fe80::1, link-local",
    "10.0.0.1, private",
    "172.16.5.4, private",
    "192.168.10.20, private",
    "100.64.0.1, private",
    "fd12:3456::1, private",
    "0.0.0.0, unspecified",
    "::, unspecified",
    "224.0.0.251, multicast",
    "ff02::1, multicast",
    "255.255.255.255, reserved",
    "::ffff:127.0.0.1, loopback",
    "::ffff:169.254.169.254, link-local",
    "::ffff:10.0.0.1, private",
    "64:ff9b::a00:1, private",
    "2002:7f00:1::, loopback"
  })
  void anAddressOnThisMachineOrTheLanIsRefusedNamingItsKind(String address, String kind)
      throws Exception {
    assertThat(refusal(policy(false), "https://hooks.example/x", address))
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains(address.contains(":") ? "" : address)
                    .contains("a " + kind + " address"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"})
  void anInternetAddressIsAllowed(String address) throws Exception {
    assertThat(refusal(policy(false), "https://hooks.example/x", address)).isEmpty();
  }

  @Test
  void anAllowListOpensTheNamedHostAndTheRangeButNeverMulticastOrUnspecified() throws Exception {
    TargetPolicy p = policy(false, "karte.local", "192.168.10.0/24", "::1");
    assertThat(refusal(p, "https://karte.local/h", "192.168.1.5")).isEmpty();
    assertThat(refusal(p, "https://KARTE.local./h", "10.1.1.1")).isEmpty();
    assertThat(refusal(p, "https://other.local/h", "192.168.10.77")).isEmpty();
    assertThat(refusal(p, "https://other.local/h", "192.168.11.77")).isPresent();
    assertThat(refusal(p, "https://[::1]:8443/h", "::1")).isEmpty();
    assertThat(refusal(p, "https://karte.local/h", "224.0.0.1"))
        .hasValueSatisfying(r -> assertThat(r).contains("never allowed"));
    assertThat(refusal(p, "https://karte.local/h", "0.0.0.0")).isPresent();
  }

  @Test
  void theGatewaysOwnPortsOnThisMachineAreRefusedEvenWhenLoopbackIsAllowed() throws Exception {
    TargetPolicy p = policy(true, "127.0.0.1", "localhost");
    p.addOwnPort(8081);
    assertThat(refusal(p, "http://127.0.0.1:8081/health/ready", "127.0.0.1"))
        .hasValueSatisfying(r -> assertThat(r).contains("gateway's own ports"));
    assertThat(refusal(p, "http://localhost:8081/metrics", "127.0.0.1")).isPresent();
    assertThat(refusal(p, "http://127.0.0.1:9000/hook", "127.0.0.1")).isEmpty();
  }

  @Test
  void plainHttpIsRefusedUnlessAllowedAndOtherSchemesAlways() {
    assertThatThrownBy(() -> policy(false).target("http://hooks.example/x"))
        .isInstanceOf(TargetPolicy.Refused.class)
        .hasMessageContaining("https")
        .hasMessageContaining("webhooks.allow-http");
    assertThat(policy(true).target("http://hooks.example/x?a=1").requestUri()).isEqualTo("/x?a=1");
    assertThatThrownBy(() -> policy(true).target("ftp://hooks.example/x"))
        .isInstanceOf(TargetPolicy.Refused.class);
    assertThatThrownBy(() -> policy(true).target("https://user:pw@hooks.example/x"))
        .isInstanceOf(TargetPolicy.Refused.class)
        .hasMessageContaining("password");
  }

  @Test
  void anAllowListEntryThatIsNeitherNameNorAddressNorRangeIsRefusedAtConfiguration() {
    assertThat(TargetPolicy.validateAllowEntry("192.168.10.0/24")).isEqualTo("192.168.10.0/24");
    assertThat(TargetPolicy.validateAllowEntry("karte.local")).isEqualTo("karte.local");
    assertThatThrownBy(() -> TargetPolicy.validateAllowEntry("10.0.0.0/33"))
        .hasMessageContaining("prefix length");
    assertThatThrownBy(() -> TargetPolicy.validateAllowEntry("http://karte.local"))
        .hasMessageContaining("neither a host name");
  }
}
