package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.testsupport.GatewayProcess;
import jp.oqsgateway.gateway.testsupport.Os;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The acceptance points of the foundation, shown on the real jar as an operator runs it: cold and
 * warm starts, Ctrl-C, a crash, bad configuration, an external database, root and non-root.
 */
class GatewayProcessIT {
  private static final String[] SERVE = {
    "serve",
    "--set",
    "oqs.create-folders=true",
    "--set",
    "api.port=0",
    "--set",
    "management.port=0",
    "--set",
    "agents.port=0"
  };
  private static final Pattern PG_PORT =
      Pattern.compile("embedded PostgreSQL ready\".*\"port\":(\\d+)");
  private static final int SIGINT_EXIT = 130;

  private final List<Path> homes = new java.util.ArrayList<>();

  @AfterEach
  void removeHomes() {
    homes.forEach(TestDatabase::deleteQuietly);
  }

  private Path newHome() throws IOException {
    Path home = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-it-");
    homes.add(home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  @Test
  void aColdStartBecomesReadyCtrlCLeavesNothingRunningAndAWarmStartReusesTheData()
      throws Exception {
    Path home = newHome();
    Path pgRoot = home.resolve("var/pg");
    long postmaster;
    try (GatewayProcess cold =
        GatewayProcess.start(GatewayProcess.jar(), home, Map.of(), List.of(), SERVE)) {
      Duration coldStart = cold.awaitReady(Duration.ofSeconds(120));
      System.out.println("cold start to ready: " + coldStart.toMillis() + " ms");
      assertThat(cold.output()).contains("受付画面", "/api/v1/", "/metrics");
      assertThat(cold.output()).contains("schema migrated").doesNotContain("schema up to date");
      postmaster = Os.postmasterPid(pgRoot).orElseThrow();
      if (Os.runningAsRoot()) {
        assertThat(Os.uidOf(postmaster)).as("PostgreSQL must not run as root").isNotZero();
      }
      assertThat(cold.interruptAndWait(Duration.ofSeconds(30))).isIn(0, SIGINT_EXIT);
      assertThat(Os.awaitGone(postmaster, Duration.ofSeconds(10))).isTrue();
      assertThat(cold.output()).contains("gateway stopped");
    }
    try (GatewayProcess warm =
        GatewayProcess.start(GatewayProcess.jar(), home, Map.of(), List.of(), SERVE)) {
      // How fast is measured by ops/bench/startup, not here: a loaded CI machine may take longer.
      Duration warmStart = warm.awaitReady(Duration.ofSeconds(60));
      System.out.println("warm start to ready: " + warmStart.toMillis() + " ms");
      assertThat(warm.output()).contains("\"initialized\":false");
      // Nothing to migrate: confirmed from the schema history, in the jar as shipped.
      assertThat(warm.output()).contains("schema up to date").doesNotContain("schema migrated");
      assertThat(startsRecordedIn(pgRoot, warm.output())).isEqualTo(2);
      long second = Os.postmasterPid(pgRoot).orElseThrow();
      assertThat(warm.interruptAndWait(Duration.ofSeconds(30))).isIn(0, SIGINT_EXIT);
      assertThat(Os.awaitGone(second, Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void aPostgresqlLeftRunningByAKilledGatewayIsClearedOnTheNextStart() throws Exception {
    Path home = newHome();
    Path pgRoot = home.resolve("var/pg");
    long orphan;
    try (GatewayProcess crashed =
        GatewayProcess.start(GatewayProcess.jar(), home, Map.of(), List.of(), SERVE)) {
      crashed.awaitReady(Duration.ofSeconds(60));
      orphan = Os.postmasterPid(pgRoot).orElseThrow();
      crashed.kill9();
    }
    assertThat(Os.isAlive(orphan)).as("SIGKILL runs no shutdown hook").isTrue();
    try (GatewayProcess next =
        GatewayProcess.start(GatewayProcess.jar(), home, Map.of(), List.of(), SERVE)) {
      next.awaitReady(Duration.ofSeconds(30));
      assertThat(Os.isAlive(orphan)).isFalse();
      assertThat(next.output()).contains("left running by a previous gateway");
      next.interruptAndWait(Duration.ofSeconds(30));
    }
    assertThat(Os.postmasterPid(pgRoot)).isEmpty();
  }

  @Test
  void anInvalidSettingStopsTheStartWithOneLineNamingTheKeyAndItsOrigin() throws Exception {
    Path home = newHome();
    try (GatewayProcess p =
        GatewayProcess.start(
            GatewayProcess.jar(), home, Map.of("OQSGW_API_PORT", "http"), List.of(), "serve")) {
      assertThat(p.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(p.output().strip())
          .isEqualTo(
              "config error: api.port: must be a whole number, got 'http'"
                  + " (from environment OQSGW_API_PORT)");
    }
    assertThat(home.resolve("var/pg")).doesNotExist();
  }

  @Test
  void aPlainApiOnEveryInterfaceStopsTheStartWithOneLineNamingTheSetting() throws Exception {
    Path home = newHome();
    try (GatewayProcess p =
        GatewayProcess.start(
            GatewayProcess.jar(), home, Map.of("OQSGW_API_HOST", "0.0.0.0"), List.of(), SERVE)) {
      assertThat(p.waitForExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(p.output().strip())
          .isEqualTo(
              "cannot start: api.host 0.0.0.0 is not a loopback address and the API would serve"
                  + " plain HTTP: set api.tls.enabled=true (or api.host=127.0.0.1)");
    }
    assertThat(home.resolve("var/pg")).doesNotExist();
  }

  @Test
  void anUnreadableCertificateStopsTheStartWithOneLineBeforeAnyDatabaseStarts() throws Exception {
    Path home = newHome();
    Path missing = home.resolve("no-such-cert.pem");
    try (GatewayProcess p =
        GatewayProcess.start(
            GatewayProcess.jar(),
            home,
            Map.of(),
            List.of(),
            "serve",
            "--set",
            "api.tls.enabled=true",
            "--set",
            "tls.cert=" + missing,
            "--set",
            "tls.key=" + home.resolve("no-such-key.pem"))) {
      assertThat(p.waitForExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(p.output().strip())
          .isEqualTo(
              "cannot start: tls.cert: cannot read "
                  + missing
                  + "; set tls.cert to a readable PEM file");
    }
    assertThat(home.resolve("var/pg")).doesNotExist();
  }

  @Test
  void aBusyApiPortStopsTheStartWithOneLineAndLeavesNoDatabaseRunning() throws Exception {
    Path home = newHome();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        GatewayProcess p =
            GatewayProcess.start(
                GatewayProcess.jar(),
                home,
                Map.of("OQSGW_API_PORT", Integer.toString(busy.getLocalPort())),
                List.of(),
                "serve",
                "--set",
                "oqs.create-folders=true",
                "--set",
                "management.port=0",
                "--set",
                "agents.port=0")) {
      assertThat(p.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(p.output())
          .contains(
              "cannot start: api server cannot listen on 127.0.0.1:"
                  + busy.getLocalPort()
                  + " (Address already in use); change api.port");
    }
    assertThat(Os.postmasterPid(home.resolve("var/pg"))).isEmpty();
  }

  @Test
  void withOqsgwPgUrlTheGatewayUsesThatServerAndStartsNoDatabaseOfItsOwn() throws Exception {
    Path home = newHome();
    DatabaseRoles.Split db = TestDatabase.freshGatewayDatabase("external");
    String url = TestDatabase.url(db.app());
    try (GatewayProcess p =
        GatewayProcess.start(
            GatewayProcess.jar(),
            home,
            Map.of("OQSGW_PG_URL", url, "OQSGW_PG_MIGRATION_URL", TestDatabase.url(db.owner())),
            List.of(),
            SERVE)) {
      p.awaitReady(Duration.ofSeconds(60));
      assertThat(p.output()).contains("\"embedded\":false").contains("external PostgreSQL");
      assertThat(p.output()).doesNotContain(url.substring(url.indexOf("password=")));
      p.interruptAndWait(Duration.ofSeconds(30));
    }
    assertThat(home.resolve("var/pg")).doesNotExist();
  }

  @Test
  @EnabledIf("jp.oqsgateway.gateway.testsupport.Os#runningAsRoot")
  void anUnprivilegedUserCanRunTheGatewayWithItsOwnEmbeddedDatabase() throws Exception {
    Path home = newHome();
    Path jarDir = newHome();
    Path jar =
        Files.copy(
            GatewayProcess.jar(),
            jarDir.resolve("oqs-gateway.jar"),
            StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    new ProcessBuilder("chown", "65534:65534", home.toString()).start().waitFor();
    List<String> asNobody =
        List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
    try (GatewayProcess p = GatewayProcess.start(jar, home, Map.of(), asNobody, SERVE)) {
      p.awaitReady(Duration.ofSeconds(60));
      long postmaster = Os.postmasterPid(home.resolve("var/pg")).orElseThrow();
      assertThat(Os.uidOf(postmaster)).isEqualTo(65534);
      assertThat(p.interruptAndWait(Duration.ofSeconds(30))).isIn(0, SIGINT_EXIT);
      assertThat(Os.awaitGone(postmaster, Duration.ofSeconds(10))).isTrue();
    }
  }

  /** Reads gateway_start through the embedded server's own password file, as an operator could. */
  private static long startsRecordedIn(Path pgRoot, String output) throws Exception {
    Matcher m = PG_PORT.matcher(output);
    String port = null;
    while (m.find()) {
      port = m.group(1);
    }
    String password = Files.readString(pgRoot.resolve("secrets/postgres")).strip();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/oqsgw", "postgres", password);
        ResultSet rs = c.createStatement().executeQuery("select count(*) from gateway_start")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
