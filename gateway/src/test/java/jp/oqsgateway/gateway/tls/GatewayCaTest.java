package jp.oqsgateway.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's own CA: created once and kept, while the server certificates it issues follow the
 * configured names and are issued again before they expire.
 */
class GatewayCaTest {

  @Test
  void theCaAndServerKeysAreCreatedReadableByTheGatewaysUserOnly(@TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("keys/agents");
    GatewayCa.open(keys).serverCertificate("server", GatewayCa.names(List.of("127.0.0.1")));

    assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(OwnerOnlyFiles.DIR);
    try (var files = Files.list(keys)) {
      List<Path> all = files.toList();
      assertThat(all)
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder("ca.pem", "ca.key.pem", "server.pem", "server.key.pem");
      for (Path f : all) {
        assertThat(Files.getPosixFilePermissions(f))
            .as(f.toString())
            .isEqualTo(OwnerOnlyFiles.FILE);
      }
    }
  }

  @Test
  void theCaStaysWhileTheServerCertificateFollowsTheConfiguredNames(@TempDir Path dir)
      throws Exception {
    GatewayCa ca = GatewayCa.open(dir);
    GatewayCa.ServerKeyCert first =
        ca.serverCertificate("server", GatewayCa.names(List.of("127.0.0.1")));
    String caPem = Files.readString(first.ca().orElseThrow());
    String server = Files.readString(first.certificate());
    assertThat(Files.getPosixFilePermissions(first.key()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("ca.key.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    GatewayCa.open(dir).serverCertificate("server", GatewayCa.names(List.of("127.0.0.1")));
    assertThat(Files.readString(first.certificate())).as("kept while current").isEqualTo(server);

    GatewayCa.ServerKeyCert moved =
        GatewayCa.open(dir)
            .serverCertificate(
                "server", GatewayCa.names(List.of("0.0.0.0", "uketsuke-gw.local", "192.168.10.5")));
    assertThat(Files.readString(moved.ca().orElseThrow())).as("the CA PCs trust").isEqualTo(caPem);
    X509Certificate cert = GatewayCa.certificates(moved.certificate()).get(0);
    assertThat(cert.getSubjectAlternativeNames())
        .extracting(san -> String.valueOf(san.get(1)))
        .containsExactlyInAnyOrder("localhost", "127.0.0.1", "uketsuke-gw.local", "192.168.10.5");
    cert.verify(GatewayCa.certificates(moved.ca().orElseThrow()).get(0).getPublicKey());
  }

  @Test
  void aServerCertificateWithinThirtyDaysOfExpiryIsIssuedAgainAtTheNextStart(@TempDir Path dir)
      throws Exception {
    Instant longAgo = Instant.now().minus(Duration.ofDays(2 * 365 - 20));
    GatewayCa.ServerKeyCert old =
        GatewayCa.open(dir, Clock.fixed(longAgo, ZoneOffset.UTC))
            .serverCertificate("http", GatewayCa.names(List.of()));
    X509Certificate before = GatewayCa.certificates(old.certificate()).get(0);
    assertThat(before.getNotAfter()).isBefore(Date.from(Instant.now().plus(Duration.ofDays(30))));

    GatewayCa.ServerKeyCert renewed =
        GatewayCa.open(dir).serverCertificate("http", GatewayCa.names(List.of()));
    X509Certificate after = GatewayCa.certificates(renewed.certificate()).get(0);
    assertThat(after.getNotAfter()).isAfter(Date.from(Instant.now().plus(Duration.ofDays(700))));
    assertThat(after.getIssuerX500Principal()).isEqualTo(before.getIssuerX500Principal());
  }

  @Test
  void twoServerCertificatesOfOneCaLiveSideBySide(@TempDir Path dir) throws Exception {
    GatewayCa ca = GatewayCa.open(dir);
    GatewayCa.ServerKeyCert agents = ca.serverCertificate("server", GatewayCa.names(List.of()));
    GatewayCa.ServerKeyCert http =
        ca.serverCertificate("http", GatewayCa.names(List.of("oqsgw.clinic.lan")));
    assertThat(agents.certificate()).isNotEqualTo(http.certificate());
    assertThat(agents.ca()).isEqualTo(http.ca());
    X509Certificate root = GatewayCa.certificates(ca.certificateFile()).get(0);
    GatewayCa.certificates(agents.certificate()).get(0).verify(root.getPublicKey());
    GatewayCa.certificates(http.certificate()).get(0).verify(root.getPublicKey());
  }
}
