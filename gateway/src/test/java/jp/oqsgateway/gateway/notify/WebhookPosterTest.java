package jp.oqsgateway.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.junit5.VertxExtension;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One webhook POST over TLS to a real HTTPS receiver on 127.0.0.1 whose certificate names only
 * {@code localhost}: the relay connects to the address it checked, while Host, SNI and the
 * certificate check use the name in the URL.
 */
@ExtendWith(VertxExtension.class)
class WebhookPosterTest {
  private static Path dir;
  private static HttpServer receiver;
  private static final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    dir = Files.createTempDirectory("oqsgw-webhook-tls-");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair pair = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(Duration.ofMinutes(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            pair.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(cert);
    }
    Files.writeString(dir.resolve("cert.pem"), pem.toString());
    Files.writeString(
        dir.resolve("key.pem"),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");

    receiver =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setSsl(true)
                    .setSni(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(dir.resolve("cert.pem").toString())
                            .setKeyPath(dir.resolve("key.pem").toString())))
            .requestHandler(
                req -> {
                  seen.add(
                      req.getHeader("Host") + " sni=" + req.connection().indicatedServerName());
                  req.response().setStatusCode(204).end();
                });
    receiver.listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    receiver.close().await();
    TestDatabase.deleteQuietly(dir);
  }

  /** How {@code post} failed (null when it did not). */
  private static Throwable failureOf(Future<?> post) {
    return post.toCompletionStage().toCompletableFuture().handle((ok, failure) -> failure).join();
  }

  private static Future<Integer> post(Vertx vertx, String url, boolean trustReceiversCa) {
    WebhookRules rules =
        new WebhookRules(
            false,
            List.of("127.0.0.1"),
            20,
            dir.resolve("secret.key"),
            trustReceiversCa ? List.of(dir.resolve("cert.pem")) : List.of());
    RelayConfig config =
        new RelayConfig(Duration.ofSeconds(1), Duration.ofSeconds(30), 2, 1, List.of(), rules);
    HttpClient client = WebhookPoster.client(vertx, config);
    WorkerExecutor dns = vertx.createSharedWorkerExecutor("test-webhook-dns", 1);
    return new WebhookPoster(
            vertx, client, new WebhookTargets(new TargetPolicy(rules), dns), config.timeout())
        .post(url, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"))
        .onComplete(r -> client.close());
  }

  @Test
  void aReceiverIsReachedAtTheCheckedAddressAndItsCertificateIsVerifiedAgainstTheUrlsName(
      Vertx vertx) {
    int port = receiver.actualPort();
    assertThat(post(vertx, "https://localhost:" + port + "/hooks", true).await()).isEqualTo(204);
    assertThat(seen).contains("localhost:" + port + " sni=localhost");
  }

  @Test
  void aCertificateNotNamingTheUrlsHostFailsAsTls(Vertx vertx) {
    // connected to the same server, but the URL names 127.0.0.1, which the certificate does not
    Throwable e =
        failureOf(post(vertx, "https://127.0.0.1:" + receiver.actualPort() + "/hooks", true));
    assertThat(DeliveryError.of(e)).isEqualTo(DeliveryError.TLS);
  }

  @Test
  void aCertificateFromACaTheGatewayDoesNotTrustFailsAsTls(Vertx vertx) {
    Throwable e =
        failureOf(post(vertx, "https://localhost:" + receiver.actualPort() + "/hooks", false));
    assertThat(DeliveryError.of(e)).isEqualTo(DeliveryError.TLS);
  }
}
