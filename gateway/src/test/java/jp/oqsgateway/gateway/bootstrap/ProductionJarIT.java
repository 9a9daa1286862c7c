package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import jp.oqsgateway.gateway.testsupport.GatewayProcess;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar that {@code package} builds and a clinic installs: the simulated terminal, its
 * fictitious persons and its test JPKI CA live in the oqs-simulator module, which the gateway uses
 * in tests only, so none of them may ship.
 */
class ProductionJarIT {

  @Test
  void theGatewayJarCarriesNoSimulatorClassNoTestCaAndNoFictitiousPerson() throws IOException {
    List<String> entries;
    try (JarFile jar = new JarFile(GatewayProcess.jar().toFile())) {
      entries = jar.stream().map(ZipEntry::getName).toList();
    }

    assertThat(entries)
        .as("the jar is the gateway's, with the terminal protocol it speaks")
        .contains(
            "jp/oqsgateway/gateway/bootstrap/Main.class",
            "jp/oqsgateway/gateway/oqs/message/OqsCodec.class");
    assertThat(entries)
        .as("no class of the simulated terminal")
        .noneMatch(e -> e.startsWith("jp/oqsgateway/gateway/oqs/simulator/"));
    assertThat(entries)
        .as("no fictitious person, test CA or other simulator resource")
        .noneMatch(e -> e.toLowerCase(Locale.ROOT).contains("simulat"))
        .noneMatch(e -> e.toLowerCase(Locale.ROOT).contains("fictitious"));
    assertThat(entries)
        .as("no certificate or key at all: a clinic's trust comes from its own configuration")
        .noneMatch(
            e -> {
              String name = e.toLowerCase(Locale.ROOT);
              return name.endsWith(".pem")
                  || name.endsWith(".crt")
                  || name.endsWith(".key")
                  || name.endsWith(".p12")
                  || name.endsWith(".pfx")
                  || name.endsWith(".jks");
            });
  }
}
