package jp.oqsgateway.gateway.bootstrap;

import static jp.oqsgateway.gateway.testsupport.TestDatabase.connect;
import static jp.oqsgateway.gateway.testsupport.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * A warm start confirms from the schema history that nothing is left to migrate instead of running
 * Flyway; whatever is not exactly the shipped migrations as shipped still goes to Flyway, which
 * applies what is missing and refuses what was edited, as it always did.
 */
class MigrationsInForceTest {

  @Test
  void theChecksumOfEveryShippedScriptIsTheOneFlywayRecordsForIt() throws SQLException {
    DatabaseRoles.Split db = migrated("checksums");
    List<MigrationsInForce.Script> recorded = new ArrayList<>();
    try (Connection c = connect(db.owner());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select version, script, checksum from flyway_schema_history"
                    + " order by installed_rank")) {
      while (rs.next()) {
        recorded.add(new MigrationsInForce.Script(rs.getString(1), rs.getString(2), rs.getInt(3)));
      }
    }
    assertThat(MigrationsInForce.shipped()).contains(recorded);
    assertThat(recorded).hasSizeGreaterThan(30);
  }

  @Test
  void theBuildsListOfScriptsNamesEveryFileInTheMigrationsFolder() throws Exception {
    Path folder =
        Path.of(getClass().getClassLoader().getResource(MigrationsInForce.LOCATION).toURI());
    List<String> files;
    try (Stream<Path> listed = Files.list(folder)) {
      files = listed.map(p -> p.getFileName().toString()).sorted().toList();
    }
    Path list = Path.of(getClass().getClassLoader().getResource(MigrationsInForce.LIST).toURI());

    assertThat(Files.readAllLines(list)).isEqualTo(files).hasSizeGreaterThan(30);
  }

  @Test
  void aDatabaseWithEveryMigrationAppliedIsConfirmedWithTheNewestVersion() throws SQLException {
    DatabaseRoles.Split db = migrated("in_force");
    String newest = newest();
    try (Connection c = connect(db.owner())) {
      assertThat(MigrationsInForce.confirm(c, db.app().user())).contains(newest);
    }
    PgEndpoint owner = db.owner();
    assertThat(Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), db.app().user()))
        .isEqualTo(newest);
  }

  @Test
  void aNewDatabaseIsLeftToFlywayWhichCreatesTheSchema() throws SQLException {
    DatabaseRoles.Split db = TestDatabase.freshGatewayDatabase("no_history");
    try (Connection c = connect(db.owner())) {
      assertThat(MigrationsInForce.confirm(c, db.app().user())).isEmpty();
    }
    PgEndpoint owner = db.owner();
    assertThat(Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), db.app().user()))
        .isEqualTo(newest());
  }

  @Test
  void aDatabaseOneMigrationBehindIsLeftToFlywayWhichAppliesTheMissingOne() throws SQLException {
    DatabaseRoles.Split db = TestDatabase.freshGatewayDatabase("behind");
    PgEndpoint owner = db.owner();
    String newest = newest();
    String previous = Integer.toString(Integer.parseInt(newest) - 1);
    Migrations.applyUpTo(
        owner.jdbcUrl(), owner.user(), owner.password(), db.app().user(), previous);
    try (Connection c = connect(owner)) {
      assertThat(MigrationsInForce.confirm(c, db.app().user())).isEmpty();
    }
    assertThat(Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), db.app().user()))
        .isEqualTo(newest);
  }

  @Test
  void aScriptThatDiffersFromWhatWasAppliedStillStopsTheStartWithFlywaysMessage()
      throws SQLException {
    DatabaseRoles.Split db = migrated("edited");
    try (Connection c = connect(db.owner())) {
      // What an edited V1 looks like from the database: its recorded checksum is not the script's.
      execute(c, "update flyway_schema_history set checksum = checksum + 1 where version = '1'");
      assertThat(MigrationsInForce.confirm(c, db.app().user())).isEmpty();
    }
    PgEndpoint owner = db.owner();
    assertThatThrownBy(
            () ->
                Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), db.app().user()))
        .isInstanceOf(FlywayException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("1");
  }

  @Test
  void aFailedMigrationInTheHistoryIsLeftToFlyway() throws SQLException {
    DatabaseRoles.Split db = migrated("failed");
    try (Connection c = connect(db.owner())) {
      execute(
          c, "update flyway_schema_history set success = false where version = '" + newest() + "'");
      assertThat(MigrationsInForce.confirm(c, db.app().user())).isEmpty();
    }
  }

  private static DatabaseRoles.Split migrated(String purpose) {
    DatabaseRoles.Split db = TestDatabase.freshGatewayDatabase(purpose);
    PgEndpoint owner = db.owner();
    Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), db.app().user());
    return db;
  }

  private static String newest() {
    Optional<List<MigrationsInForce.Script>> shipped = MigrationsInForce.shipped();
    assertThat(shipped).isPresent();
    return shipped.get().get(shipped.get().size() - 1).version();
  }
}
