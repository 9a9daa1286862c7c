package jp.oqsgateway.gateway.oqs.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import jp.oqsgateway.gateway.pem.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorJpkiCaTest {
  @TempDir Path dir;

  @Test
  void aPersonsCertificateVerifiesAgainstTheCaAndMapsBackToThePerson() throws Exception {
    SimulatorJpkiCa ca = SimulatorJpkiCa.open(dir.resolve("ca"));
    SimulatorJpkiCa.VirtualCard card = ca.certificateFor("SIM-0001");
    card.certificate().verify(ca.caCertificate().getPublicKey());
    assertThat(card.certificate().getSubjectX500Principal().getName()).doesNotContain("SIM-0001");
    assertThat(ca.personForCertificate(card.certificate())).contains("SIM-0001");
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(card.privateKey());
    s.update("challenge".getBytes(StandardCharsets.UTF_8));
    byte[] sig = s.sign();
    s.initVerify(card.certificate());
    s.update("challenge".getBytes(StandardCharsets.UTF_8));
    assertThat(s.verify(sig)).isTrue();
  }

  @Test
  void theCaKeyAndTheVirtualCardsKeysAreReadableByTheirUserOnly() throws Exception {
    Path root = dir.resolve("ca");
    SimulatorJpkiCa ca = SimulatorJpkiCa.open(root);
    ca.certificateFor("SIM-0003");

    for (Path d : java.util.List.of(root, root.resolve("cards"))) {
      assertThat(Files.getPosixFilePermissions(d)).as(d.toString()).isEqualTo(OwnerOnlyFiles.DIR);
    }
    try (var files = Files.walk(root)) {
      java.util.List<Path> regular = files.filter(Files::isRegularFile).toList();
      assertThat(regular)
          .extracting(p -> p.getFileName().toString())
          .contains("ca.key.pem", "ca.crt.pem", "serials.properties", "ca.lock");
      assertThat(regular).anyMatch(p -> p.getParent().endsWith("cards"));
      for (Path f : regular) {
        assertThat(Files.getPosixFilePermissions(f))
            .as(f.toString())
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      }
    }
  }

  @Test
  void thePersistedCaAndCardsAreReusedByANewInstance() throws Exception {
    SimulatorJpkiCa first = SimulatorJpkiCa.open(dir.resolve("ca"));
    SimulatorJpkiCa.VirtualCard card = first.certificateFor("SIM-0002");
    SimulatorJpkiCa second = SimulatorJpkiCa.open(dir.resolve("ca"));
    assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(second.certificateFor("SIM-0002").certificate()).isEqualTo(card.certificate());
    assertThat(second.personForCertificate(card.certificate())).contains("SIM-0002");
  }

  @Test
  void aCertificateFromAnotherCaIsNotAPerson() throws Exception {
    SimulatorJpkiCa other = SimulatorJpkiCa.open(dir.resolve("other"));
    SimulatorJpkiCa ca = SimulatorJpkiCa.open(dir.resolve("ca"));
    assertThat(ca.personForCertificate(other.certificateFor("SIM-0003").certificate())).isEmpty();
  }

  @Test
  void simCardPrintsTheFileOfAPersonsVirtualCardAndRefusesAnUnknownPerson() throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int code =
        SimCommand.run(
            new String[] {"card", "--root", dir.toString(), "--person", "SIM-0004"},
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Path file = Path.of(out.toString(StandardCharsets.UTF_8).trim());
    assertThat(java.nio.file.Files.readString(file))
        .contains("BEGIN CERTIFICATE")
        .contains("PRIVATE KEY");

    int unknown =
        SimCommand.run(
            new String[] {"card", "--root", dir.toString(), "--person", "NOBODY"},
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(unknown).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--person: no simulated person");
  }

  @Test
  void simCheckBodyPrintsWhatAChartSystemSendsForAPersonsCoverage() {
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    SimulatedPerson p = SimulatedPopulation.standard().first("family");
    java.time.LocalDate day = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);
    int code =
        SimCommand.run(
            new String[] {
              "check-body",
              "--root",
              dir.toString(),
              "--person",
              p.id(),
              "--patient",
              "DEMO-1",
              "--date",
              day.toString()
            },
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    io.vertx.core.json.JsonObject body =
        new io.vertx.core.json.JsonObject(out.toString(StandardCharsets.UTF_8).trim());
    assertThat(body.getString("chartPatientId")).isEqualTo("DEMO-1");
    assertThat(body.getString("insuredIdentificationNumber"))
        .isEqualTo(p.coverageOn(day).orElseThrow().number());
    assertThat(body.getBoolean("limitApplicationConsent")).isFalse();
  }
}
