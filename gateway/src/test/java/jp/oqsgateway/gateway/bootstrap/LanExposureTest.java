package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.tls.Hosts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What an operator sees who binds the gateway to the clinic LAN without TLS, or turns
 * authentication off while it is reachable from the LAN: the start is refused with one line that
 * names the setting to change, before anything was started.
 */
@ExtendWith(VertxExtension.class)
class LanExposureTest {
  /**
   * Nothing listens there: should a start that must be refused get past the check, it fails on the
   * database with another message instead of leaving a gateway running in this JVM.
   */
  private static final String NO_DATABASE = "pg.url=postgresql://nobody@127.0.0.1:1/none";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int serve(Path home, String... sets) {
    List<String> args = new ArrayList<>(List.of("serve", "--set", NO_DATABASE));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return Main.run(
        args.toArray(String[]::new),
        Map.of("OQSGW_HOME", home.toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errLines() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPlainApiOnEveryInterfaceIsRefusedAtStartWithOneLineNamingTheSetting(@TempDir Path home) {
    assertThat(serve(home, "api.host=0.0.0.0")).isEqualTo(Main.EXIT_START_FAILED);
    assertThat(errLines())
        .isEqualTo(
            "cannot start: api.host 0.0.0.0 is not a loopback address and the API would serve"
                + " plain HTTP: set api.tls.enabled=true (or api.host=127.0.0.1)"
                + System.lineSeparator());
    assertThat(home.resolve("var")).as("nothing was started or created").doesNotExist();
  }

  @Test
  void aPlainApiOnThisMachinesLanAddressIsRefusedTheSameWay(@TempDir Path home) {
    Optional<String> lan = lanAddress();
    Assumptions.assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
    assertThat(serve(home, "api.host=" + lan.get())).isEqualTo(Main.EXIT_START_FAILED);
    assertThat(errLines().lines())
        .containsExactly(
            "cannot start: api.host "
                + lan.get()
                + " is not a loopback address and the API would serve plain HTTP: set"
                + " api.tls.enabled=true (or api.host=127.0.0.1)");
  }

  @Test
  void aPlainManagementPortOnTheLanIsRefusedNamingItsOwnSetting(@TempDir Path home) {
    assertThat(serve(home, "management.host=::")).isEqualTo(Main.EXIT_START_FAILED);
    assertThat(errLines().lines())
        .containsExactly(
            "cannot start: management.host :: is not a loopback address and the management server"
                + " would serve plain HTTP: set management.tls.enabled=true (or"
                + " management.host=127.0.0.1)");
  }

  @Test
  void authenticationOffIsRefusedWhileAnyServerIsReachableFromTheLan(@TempDir Path home) {
    assertThat(serve(home, "auth.enabled=false", "agents.host=0.0.0.0"))
        .isEqualTo(Main.EXIT_START_FAILED);
    assertThat(errLines().lines())
        .containsExactly(
            "cannot start: auth.enabled=false is allowed only while every server binds to"
                + " loopback, but agents.host is 0.0.0.0: set auth.enabled=true (or"
                + " agents.host=127.0.0.1)");
  }

  @Test
  void authenticationOffIsRefusedEvenWhenTheLanApiIsEncrypted(@TempDir Path home) {
    assertThat(serve(home, "auth.enabled=false", "api.tls.enabled=true", "api.host=0.0.0.0"))
        .isEqualTo(Main.EXIT_START_FAILED);
    assertThat(errLines()).startsWith("cannot start: auth.enabled=false is allowed only while");
    assertThat(errLines()).contains("but api.host is 0.0.0.0: set auth.enabled=true");
  }

  @Test
  void authenticationOffOnLoopbackOnlyAndTlsOnTheLanPassTheCheck(@TempDir Path home) {
    assertThatCode(
            () ->
                LanExposure.check(
                    config(home, Map.of("auth.enabled", "false", "agents.host", "localhost"))))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                LanExposure.check(
                    config(
                        home,
                        Map.of(
                            "api.host", "0.0.0.0",
                            "api.tls.enabled", "true",
                            "management.host", "::1"))))
        .doesNotThrowAnyException();
  }

  @Test
  void loopbackMeansTheLoopbackNetworksAndLocalhostOnly() {
    assertThat(List.of("127.0.0.1", "127.3.4.5", "::1", "[::1]", "localhost", "LocalHost"))
        .allMatch(Hosts::isLoopback);
    assertThat(List.of("0.0.0.0", "::", "", "192.168.10.5", "10.0.0.1", "oqsgw.clinic.lan"))
        .noneMatch(Hosts::isLoopback);
  }

  @Test
  void anExplicitlyAllowedPlainLanApiStartsAndWarnsAtEveryStartWithoutHsts(Vertx vertx) {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LanExposure.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    logger.addAppender(warnings);
    Map<String, String> trial = Map.of("api.host", "0.0.0.0", "api.allow-plaintext-on-lan", "true");
    try {
      InProcessGateway first = InProcessGateway.start("plaintext-trial", trial);
      Path home = first.home();
      String url = first.databaseUrl();
      HttpClientResponse status =
          vertx
              .createHttpClient(new HttpClientOptions())
              .request(HttpMethod.GET, first.apiPort(), "127.0.0.1", "/api/v1/system/status")
              .compose(req -> req.send())
              .await();
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.getHeader("Strict-Transport-Security")).as("plain HTTP: no HSTS").isNull();
      first.stopKeepingHome();
      Map<String, String> again = new java.util.HashMap<>(trial);
      again.put("pg.url", url);
      InProcessGateway.startIn(home, "plaintext-trial", again).close();
    } finally {
      logger.detachAppender(warnings);
    }
    assertThat(warnings.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(2)
        .allMatch(m -> m.startsWith("the API serves plain HTTP on a LAN address"));
  }

  private static GatewayConfig config(Path home, Map<String, String> settings) {
    return GatewayConfig.from(Settings.load(null, Map.of(), settings), home, Map.of());
  }

  private static Optional<String> lanAddress() {
    try {
      return NetworkInterface.networkInterfaces()
          .filter(
              i -> {
                try {
                  return i.isUp() && !i.isLoopback();
                } catch (SocketException e) {
                  return false;
                }
              })
          .flatMap(NetworkInterface::inetAddresses)
          .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
          .map(InetAddress::getHostAddress)
          .findFirst();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }
}
