package jp.oqsgateway.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarFile;
import jp.oqsgateway.gateway.testsupport.Os;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance package as a vendor meets it: lintian finds nothing to complain of beyond the
 * overrides it ships (each with its reason), it carries the jars, the units, the command and its
 * conffiles, and (as root) it installs into a throwaway Debian system, whose gateway, started from
 * the installed files as its unit would, becomes ready; an upgrade keeps the configuration, keys
 * and data; a remove keeps them; a purge removes them.
 */
class DebianPackageIT {
  private static final Duration LIMIT = Duration.ofMinutes(3);
  private static final String VERSION =
      System.getProperty("oqsgw.debVersion", "0.1.0-SNAPSHOT").replace('-', '~');
  private static final Path DEB = Path.of("target", "oqs-gateway_" + VERSION + "-1_amd64.deb");
  private static final Path OPS = Path.of("..", "ops");

  @TempDir Path tmp;

  @Test
  void lintianReportsNoErrorAndNoWarningBeyondTheShippedOverrides() {
    assertThat(Path.of("/usr/bin/lintian"))
        .as("lintian is missing: ./ops/test installs it (ops/packages/test.txt)")
        .isExecutable();
    Command lintian =
        Command.run(
            LIMIT,
            "lintian",
            "--fail-on",
            "error,warning",
            "--display-info",
            "--tag-display-limit",
            "0",
            DEB.toString());
    assertThat(lintian.output().lines())
        .as(lintian.describe())
        .noneMatch(l -> l.startsWith("E: ") || l.startsWith("W: "))
        .noneMatch(l -> l.contains("unused-override"));
    assertThat(lintian.exit()).as(lintian.describe()).isZero();
  }

  @Test
  void thePackageCarriesTheJarsTheUnitsTheCommandAndKeepsTheConfigurationAsConffiles()
      throws IOException {
    Path files = tmp.resolve("files");
    Path control = tmp.resolve("control");
    assertThat(Command.run(LIMIT, "dpkg-deb", "-x", DEB.toString(), files.toString()).ok())
        .isTrue();
    assertThat(Command.run(LIMIT, "dpkg-deb", "-e", DEB.toString(), control.toString()).ok())
        .isTrue();

    assertThat(files.resolve("usr/bin/oqsgw")).isExecutable();
    assertThat(files.resolve("usr/lib/oqs-gateway/java-cds"))
        .as("the unit's launcher (class-data archive), as in ops/systemd")
        .isExecutable()
        .hasSameTextualContentAs(OPS.resolve("systemd").resolve("java-cds"));
    assertThat(files.resolve("usr/share/oqs-gateway/oqs-reader-agent.jar")).isRegularFile();
    try (JarFile gateway =
        new JarFile(files.resolve("usr/share/oqs-gateway/oqs-gateway.jar").toFile())) {
      assertThat(gateway.getEntry("webui/reception.html"))
          .as("the web UI is in the gateway's jar")
          .isNotNull();
    }
    for (String unit : new String[] {"oqs-gateway.service", "oqs-reader-agent.service"}) {
      assertThat(files.resolve("lib/systemd/system/" + unit))
          .as("the hardened unit of ops/systemd, unchanged")
          .hasSameTextualContentAs(OPS.resolve("systemd").resolve(unit));
    }
    assertThat(Files.readAllLines(control.resolve("conffiles")))
        .containsExactly("/etc/oqs-gateway/gateway.yaml", "/etc/oqs-gateway/env");
    assertThat(Files.readString(control.resolve("control")))
        .contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless")
        .contains("Version: " + VERSION + "-1");
    assertThat(files.resolve("usr/share/doc/oqs-gateway/changelog.Debian.gz")).isRegularFile();
    assertThat(files.resolve("usr/share/doc/oqs-gateway/copyright")).isRegularFile();
  }

  @Test
  void installsStartsToReadyUpgradesKeepingConfigurationKeysAndDataThenRemovesAndPurges()
      throws Exception {
    assumeThat(Os.runningAsRoot())
        .as(
            "installing into a throwaway root needs root (overlay mount, chroot, dpkg, adduser);"
                + " lintian and the package's contents are checked without it")
        .isTrue();
    Path upgrade = buildUpgrade();
    try (ThrowawayRoot root = ThrowawayRoot.overlayOfThisSystem(tmp.resolve("root"))) {
      root.copyIn(DEB.toAbsolutePath(), "/tmp/oqs-gateway-1.deb");
      root.copyIn(upgrade, "/tmp/oqs-gateway-2.deb");

      Command install = root.run("dpkg", "-i", "/tmp/oqs-gateway-1.deb");
      assertThat(install.exit()).as(install.describe()).isZero();
      assertThat(install.output())
          .as("postinst made the CA")
          .contains("gateway CA SHA-256 fingerprint");
      assertThat(
              root.run(
                      "stat",
                      "-c",
                      "%U:%G %a",
                      "/var/lib/oqs-gateway",
                      "/etc/oqs-gateway",
                      "/etc/oqs-gateway/env")
                  .output()
                  .lines())
          .containsExactly("oqsgw:oqsgw 700", "root:oqsgw 750", "root:oqsgw 640");
      String wants = "/etc/systemd/system/multi-user.target.wants/";
      assertThat(root.file(wants + "oqs-gateway.service"))
          .as("the gateway's unit enabled")
          .isSymbolicLink();
      assertThat(root.file(wants + "oqs-reader-agent.service"))
          .as("the reader agent's unit, for reception PCs, left disabled")
          .doesNotExist();
      String ca = Files.readString(root.file("/var/lib/oqs-gateway/keys/agents/ca.pem"));
      assertThat(
              root.run(
                      "sh",
                      "-c",
                      "install -d -o oqsgw -g oqsgw /srv/oqs/req /srv/oqs/res /srv/oqs/face")
                  .ok())
          .isTrue();

      try (InstalledGateway gateway = InstalledGateway.start(root, tmp.resolve("gateway-1.log"))) {
        Command revoke = root.run("oqsgw", "token", "revoke", "--subject", "kept-across-upgrade");
        assertThat(revoke.exit()).as(revoke.describe()).isZero();
        assertThat(gateway.stop()).as("stopped cleanly by SIGTERM").isEqualTo(143);
      }

      Path conf = root.file("/etc/oqs-gateway/gateway.yaml");
      Files.writeString(conf, Files.readString(conf) + "# the vendor's own line\n");
      Command upgraded = root.run("dpkg", "-i", "/tmp/oqs-gateway-2.deb");
      assertThat(upgraded.exit()).as(upgraded.describe()).isZero();
      assertThat(root.run("dpkg-query", "-W", "-f=${Version}", "oqs-gateway").output())
          .isEqualTo(VERSION + "-2");
      assertThat(Files.readString(conf)).endsWith("# the vendor's own line\n");
      assertThat(Files.readString(root.file("/var/lib/oqs-gateway/keys/agents/ca.pem")))
          .isEqualTo(ca);

      try (InstalledGateway gateway = InstalledGateway.start(root, tmp.resolve("gateway-2.log"))) {
        Command revocations = root.run("oqsgw", "token", "revocations");
        assertThat(revocations.output()).as(revocations.describe()).contains("kept-across-upgrade");
        assertThat(gateway.stop()).isEqualTo(143);
      }

      Command remove = root.run("dpkg", "--remove", "oqs-gateway");
      assertThat(remove.exit()).as(remove.describe()).isZero();
      assertThat(root.file("/usr/share/oqs-gateway/oqs-gateway.jar")).doesNotExist();
      assertThat(root.file("/var/lib/oqs-gateway/keys/agents/ca.pem"))
          .as("remove keeps the data")
          .exists();
      assertThat(conf).as("remove keeps the configuration").exists();

      Command purge = root.run("dpkg", "--purge", "oqs-gateway");
      assertThat(purge.exit()).as(purge.describe()).isZero();
      assertThat(root.file("/var/lib/oqs-gateway")).as("purge removes the data").doesNotExist();
      assertThat(root.file(wants + "oqs-gateway.service"))
          .as("purge disables the unit")
          .doesNotExist();
      assertThat(root.file("/etc/oqs-gateway"))
          .as("purge removes the configuration")
          .doesNotExist();
      assertThat(root.run("dpkg-statoverride", "--list", "/etc/oqs-gateway/env").output())
          .isEmpty();
    }
  }

  /** The same build as a newer package (Debian revision 2), as an upgrade arrives. */
  private Path buildUpgrade() {
    Path out = tmp.resolve("upgrade");
    Command build =
        Command.run(
            LIMIT,
            "bash",
            System.getProperty("oqsgw.buildDeb"),
            System.getProperty("oqsgw.debVersion"),
            System.getProperty("oqsgw.gatewayJar"),
            System.getProperty("oqsgw.agentJar"),
            out.toString(),
            "2");
    assertThat(build.exit()).as(build.describe()).isZero();
    return Path.of(build.output().strip().lines().reduce((a, b) -> b).orElseThrow());
  }
}
