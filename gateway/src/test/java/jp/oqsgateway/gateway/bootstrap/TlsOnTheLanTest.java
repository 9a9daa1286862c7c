package jp.oqsgateway.gateway.bootstrap;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.AgentLink;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.tls.GatewayCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clinic LAN as a reception PC sees it with {@code api.tls.enabled} and {@code
 * management.tls.enabled}: the PC installed the CA that {@code ./ops/oqsgw tls export-ca} printed,
 * trusts nothing else, and verifies host names; over that it reaches the API, the web UI, the
 * management port and the agent link. Plain HTTP and other trust get nowhere.
 */
@ExtendWith(VertxExtension.class)
class TlsOnTheLanTest {
  private static final String LAN_NAME = "oqsgw.clinic.test";

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass(
          "tls",
          Map.of(
              "api.tls.enabled", "true",
              "management.tls.enabled", "true",
              "tls.names", LAN_NAME,
              "tls.renewal-check-interval", "1s"));

  private static Path exportedCa;
  private static String exportErr;
  private static HttpClient pc;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    exportedCa = Files.createTempFile("exported-gateway-ca", ".pem");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"tls", "export-ca", "--out", exportedCa.toString()},
            Map.of("OQSGW_HOME", gw.home().toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    exportErr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(exportErr).isZero();
    pc =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(exportedCa.toString())));
  }

  @AfterAll
  static void stop() throws Exception {
    Files.deleteIfExists(exportedCa);
  }

  private static HttpClientResponse get(
      HttpClient client, String host, int port, String uri, String bearer) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(host)
            .setPort(port)
            .setURI(uri)
            .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1"));
    if (bearer != null) {
      options.putHeader("Authorization", bearer);
    }
    return client
        .request(options)
        .compose(req -> req.send().compose(res -> res.body().map(b -> res)))
        .await();
  }

  private static Buffer body(HttpClientResponse res) {
    return res.body().await();
  }

  @Test
  void theExportedCaIsTheCertificateAloneWithItsFingerprintForComparingOnThePc() throws Exception {
    String pem = Files.readString(exportedCa);
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY");
    assertThat(exportErr).containsPattern("SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}");
  }

  @Test
  void theApiAnswersOverTlsWithHstsAndStillWantsItsToken() {
    HttpClientResponse anonymous = get(pc, "localhost", gw.apiPort(), "/api/v1/audit/reads", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpClientResponse admin =
        get(pc, "localhost", gw.apiPort(), "/api/v1/audit/reads", gw.bearer(Role.ADMIN));
    assertThat(admin.statusCode()).as(body(admin).toString()).isEqualTo(200);
    assertThat(admin.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    assertThat(anonymous.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
  }

  @Test
  void aReceptionScreenFollowsTheLiveFeedOverTlsAndGetsEveryEventOfARoundWhole(Vertx vertx) {
    WebSocketClient screen =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                // each message is one frame; a Vert.x client takes 64 KiB unless told more
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20)
                .setSsl(true)
                .setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(exportedCa.toString())));
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    WebSocket ws =
        screen
            .connect(
                new WebSocketConnectOptions()
                    .setHost("localhost")
                    .setPort(gw.apiPort())
                    .setURI("/api/v1/events/ws"))
            // Set as the connection completes, before any frame can be read.
            .onSuccess(s -> s.textMessageHandler(text -> received.add(new JsonObject(text))))
            .await();
    ws.writeTextMessage(
        new JsonObject().put("type", "auth").put("token", gw.token(Role.RECEPTION)).encode());
    assertThat(next(received, "ready")).isNotNull();
    ws.writeTextMessage(
        new JsonObject()
            .put("type", "subscribe")
            .put("types", new JsonArray().add("card.inserted"))
            .encode());
    assertThat(next(received, "subscribed")).isNotNull();
    List<String> ids = new ArrayList<>();
    String big = "受付".repeat(20_000); // a frame longer than 65,535 bytes, in TLS records
    gw.query(
            "insert into outbox_event (id, type, occurred_at, payload)"
                + " select gen_random_uuid(), 'card.inserted', now(),"
                + " jsonb_build_object('deskId', 'tls-desk', 'n', n, 'note', $1::text)"
                + " from generate_series(1, 5) n returning id",
            big)
        .forEach(r -> ids.add(r.getUUID("id").toString()));
    List<String> got = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      JsonObject event = next(received, "event").getJsonObject("event");
      assertThat(event.getJsonObject("data").getString("note")).isEqualTo(big);
      got.add(event.getString("id"));
    }
    assertThat(got).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
    ws.close().await();
  }

  private static JsonObject next(BlockingQueue<JsonObject> received, String type) {
    try {
      for (JsonObject m = received.poll(10, TimeUnit.SECONDS);
          m != null;
          m = received.poll(10, TimeUnit.SECONDS)) {
        if (type.equals(m.getString("type"))) {
          return m;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no " + type + " message within 10 s");
  }

  @Test
  void prometheusSeesWhenTheServedCertificatesExpire(Vertx vertx) {
    // Another test renews the certificate meanwhile: the gauges follow within a check interval.
    await("the expiry gauges equal the served certificates' dates")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              String metrics =
                  body(get(pc, "localhost", gw.managementPort(), "/metrics", null)).toString();
              return expiry(metrics, "api") == notAfter(served(vertx, gw.apiPort()))
                  && expiry(metrics, "management") == notAfter(served(vertx, gw.managementPort()));
            });
    String metrics = body(get(pc, "localhost", gw.managementPort(), "/metrics", null)).toString();
    assertThat(expiry(metrics, "api"))
        .isGreaterThan(Instant.now().plus(Duration.ofDays(30)).getEpochSecond());
  }

  private static double expiry(String metrics, String server) {
    String series = "oqsgw_tls_certificate_expiry_timestamp_seconds{server=\"" + server + "\"} ";
    return metrics
        .lines()
        .filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length())))
        .findFirst()
        .orElse(-1);
  }

  private static double notAfter(X509Certificate certificate) {
    return certificate.getNotAfter().toInstant().getEpochSecond();
  }

  @Test
  void theWebUiPageIsServedOverTlsWithHsts() {
    HttpClientResponse page = get(pc, "localhost", gw.apiPort(), "/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(body(page).toString(StandardCharsets.UTF_8)).contains("システム状態");
    assertThat(page.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
  }

  @Test
  void aPcReachesTheGatewayByTheLanNameAndAddressItsCertificateNames() {
    assertThat(get(pc, LAN_NAME, gw.apiPort(), "/api/v1/system/status", null).statusCode())
        .isEqualTo(200);
    assertThat(get(pc, "127.0.0.1", gw.apiPort(), "/api/v1/system/status", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aNameTheCertificateDoesNotCarryIsRefusedByTheVerifyingPc() {
    assertThatThrownBy(
            () -> get(pc, "impostor.clinic.test", gw.apiPort(), "/api/v1/system/status", null))
        .hasStackTraceContaining("No subject alternative DNS name matching impostor.clinic.test");
  }

  @Test
  void aPcWithoutTheGatewayCaDoesNotTrustTheApi(Vertx vertx) {
    HttpClient stranger =
        vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true));
    assertThatThrownBy(
            () -> get(stranger, "localhost", gw.apiPort(), "/api/v1/system/status", null))
        .hasStackTraceContaining("unable to find valid certification path");
  }

  @Test
  void plainHttpOnTheTlsPortGetsNoAnswer(Vertx vertx) {
    HttpClient plain = vertx.createHttpClient(new HttpClientOptions());
    assertThatThrownBy(() -> get(plain, "localhost", gw.apiPort(), "/api/v1/system/status", null))
        .as("a plain request to the TLS port")
        .isInstanceOf(Exception.class);
  }

  @Test
  void aCertificateNearingExpiryIsRenewedAndServedWithoutARestart(Vertx vertx) throws Exception {
    Path caDir = gw.home().resolve("var/keys/agents");
    X509Certificate initial = served(vertx, gw.apiPort());
    // As if issued 710 days ago: it expires in 20 days, inside the renewal window.
    Clock longAgo = Clock.offset(Clock.systemUTC(), Duration.ofDays(-710));
    GatewayCa.open(caDir, longAgo)
        .serverCertificate("http", GatewayCa.names(List.of("127.0.0.1", LAN_NAME)));
    X509Certificate expiring = GatewayCa.certificates(caDir.resolve("http.pem")).get(0);
    assertThat(expiring.getNotAfter()).isBefore(Date.from(Instant.now().plus(Duration.ofDays(30))));

    await("a renewed certificate served on the API and management ports")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              X509Certificate api = served(vertx, gw.apiPort());
              X509Certificate management = served(vertx, gw.managementPort());
              return !api.getSerialNumber().equals(initial.getSerialNumber())
                  && !api.getSerialNumber().equals(expiring.getSerialNumber())
                  && api.getSerialNumber().equals(management.getSerialNumber());
            });
    X509Certificate renewed = served(vertx, gw.apiPort());
    assertThat(renewed.getNotAfter()).isAfter(Date.from(Instant.now().plus(Duration.ofDays(700))));
    assertThat(get(pc, LAN_NAME, gw.apiPort(), "/api/v1/system/status", null).statusCode())
        .as("still trusted through the same exported CA")
        .isEqualTo(200);
  }

  /** The certificate a fresh connection to {@code port} is served, trusting the exported CA. */
  private static X509Certificate served(Vertx vertx, int port) {
    HttpClient fresh =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setKeepAlive(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(exportedCa.toString())));
    try {
      return fresh
          .request(HttpMethod.GET, port, "localhost", "/health/live")
          .compose(req -> req.send().map(res -> first(req.connection().sslSession())))
          .await();
    } finally {
      fresh.close().await();
    }
  }

  private static X509Certificate first(javax.net.ssl.SSLSession session) {
    try {
      return (X509Certificate) session.getPeerCertificates()[0];
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new AssertionError("the gateway presented no certificate", e);
    }
  }

  @Test
  void theManagementPortAnswersOverTlsWithHsts() {
    HttpClientResponse live = get(pc, "localhost", gw.managementPort(), "/health/live", null);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
  }

  @Test
  void theAgentLinkIsReachedTrustingTheSameExportedCa(Vertx vertx) {
    int port = gw.gateway().agents().orElseThrow().port();
    AgentLink agent =
        AgentLink.connect(
                vertx, AgentLink.trusting(exportedCa), port, gw.bearerFor("pc-1", Role.AGENT))
            .await();
    agent.close();
  }
}
