package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.gateway.testsupport.Os;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database starts beside the rest of the gateway's start; a start that fails elsewhere first
 * leaves no PostgreSQL running, and one that fails in the database says so as it always did.
 */
class DatabaseStartTest {
  private Path home;

  @AfterEach
  void deleteHome() {
    if (home != null) {
      TestDatabase.deleteQuietly(home);
    }
  }

  @Test
  void aDatabaseAbandonedWhileItStartsIsStoppedAndItsDataCanBeStartedAgain() throws Exception {
    DatabaseConfig config = embeddedIn(newHome());
    Path pgRoot = home.resolve("var/pg");

    DatabaseStart.begin(config).abandon();
    assertThat(Os.postmasterPid(pgRoot)).as("no PostgreSQL left running").isEmpty();

    StartedDatabase again = DatabaseStart.begin(config).await();
    try {
      long postmaster = Os.postmasterPid(pgRoot).orElseThrow();
      assertThat(Os.isAlive(postmaster)).isTrue();
    } finally {
      again.close();
    }
    assertThat(Os.postmasterPid(pgRoot)).isEmpty();
  }

  @Test
  void aDatabaseThatCannotStartFailsTheAwaitWithItsOwnOneLineReason() throws Exception {
    DatabaseConfig config = plaintextToAnotherHost(newHome());
    DatabaseStart start = DatabaseStart.begin(config);
    assertThatThrownBy(start::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("pg.url connects to db.clinic.example with sslmode=disable");
    start.abandon(); // nothing to stop: returns at once
  }

  @Test
  void abandoningADatabaseAlreadyTakenLeavesItRunning() throws Exception {
    DatabaseStart start = DatabaseStart.begin(embeddedIn(newHome()));
    StartedDatabase database = start.await();
    try {
      start.abandon();
      try (Connection c = TestDatabase.connect(database.endpoint());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select current_user")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(DatabaseRoles.APP);
      }
    } finally {
      database.close();
    }
  }

  @Test
  void aWarmServerHandsThePoolItsConnectionBeforeTheChecksEndANewDatabaseDoesNot()
      throws Exception {
    DatabaseConfig config = embeddedIn(newHome());
    DatabaseStart first = DatabaseStart.begin(config);
    assertThat(first.serverUp()).as("a new database: its roles do not exist yet").isEmpty();
    first.await().close();

    DatabaseStart warm = DatabaseStart.begin(config);
    PgConnectOptions early = warm.serverUp().orElseThrow();
    StartedDatabase database = warm.await();
    try {
      assertThat(early.getUser()).isEqualTo(DatabaseRoles.APP);
      assertThat(early.getHost()).isEqualTo(database.connectOptions().getHost());
      assertThat(early.getPort()).isEqualTo(database.connectOptions().getPort());
      assertThat(early.getPassword()).isEqualTo(database.connectOptions().getPassword());
    } finally {
      database.close();
    }
  }

  @Test
  void anExternalServerHandsNothingEarly() throws Exception {
    DatabaseStart start = DatabaseStart.begin(plaintextToAnotherHost(newHome()));
    assertThat(start.serverUp()).isEmpty();
    assertThatThrownBy(start::await).isInstanceOf(IllegalStateException.class);
  }

  private Path newHome() throws IOException {
    home =
        Files.createTempDirectory(
            Path.of("/tmp"),
            "oqsgw-dbstart-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    return home;
  }

  /** An external server on another host without TLS: a start refuses it. */
  private static DatabaseConfig plaintextToAnotherHost(Path home) throws Exception {
    return config(
        home,
        Map.of(
            "pg.url",
            "postgresql://app@db.clinic.example/oqsgw?sslmode=disable",
            "pg.allow-plaintext",
            "false"));
  }

  private static DatabaseConfig embeddedIn(Path home) throws Exception {
    return config(home, Map.of());
  }

  private static DatabaseConfig config(Path home, Map<String, String> settings) throws Exception {
    return GatewayConfig.from(Settings.load(null, Map.of(), settings), home, Map.of()).database();
  }
}
