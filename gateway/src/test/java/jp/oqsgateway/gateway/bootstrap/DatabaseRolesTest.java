package jp.oqsgateway.gateway.bootstrap;

import static jp.oqsgateway.gateway.testsupport.TestDatabase.connect;
import static jp.oqsgateway.gateway.testsupport.TestDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway serves with an application role that cannot tamper with the schema or the audit
 * trail, while migrations run as the owner role; the start-time check refuses a role that could.
 */
class DatabaseRolesTest {
  private static DatabaseRoles.Split db;

  @BeforeAll
  static void migrate() {
    db = TestDatabase.freshGatewayDatabase("roles");
    PgEndpoint owner = db.owner();
    Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), db.app().user());
  }

  @Test
  void theApplicationRoleCannotSwitchOffRewriteOrDropTheAuditTrail() throws SQLException {
    try (Connection app = connect(db.app())) {
      execute(app, "insert into audit_read (subject, roles, purpose) values ('t', '{}', 'check')");
      assertThat(count(app, "select count(*) from audit_read")).isEqualTo(1);

      for (String attack :
          List.of(
              "alter table audit_read disable trigger all",
              "set session_replication_role = replica",
              "update audit_read set subject = 'someone else'",
              "delete from audit_read",
              "truncate audit_read",
              "drop table audit_read",
              "drop table qualification_check",
              "alter table qualification_check add column note text",
              "drop function audit_read_append_only() cascade",
              "delete from flyway_schema_history")) {
        assertThatThrownBy(() -> execute(app, attack))
            .as(attack)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
      }
      assertThat(count(app, "select count(*) from audit_read")).isEqualTo(1);
    }
  }

  @Test
  void theApplicationRoleCancelsAScheduledVisitButCannotDeleteIt() throws SQLException {
    try (Connection app = connect(db.app())) {
      execute(
          app,
          "insert into home_visit_schedule (id, visit_date, team, chart_patient_id, visit_kind,"
              + " care_form, created_by) values (gen_random_uuid(), date '2026-10-20', 'north',"
              + " 'K-1', 'scheduled', 'medical', 't')");
      execute(
          app,
          "update home_visit_schedule set cancelled_at = now(), cancelled_by = 't'"
              + " where chart_patient_id = 'K-1'");
      for (String attack :
          List.of("delete from home_visit_schedule", "truncate home_visit_schedule")) {
        assertThatThrownBy(() -> execute(app, attack))
            .as(attack)
            .isInstanceOf(SQLException.class)
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
      }
      assertThat(
              count(app, "select count(*) from home_visit_schedule where cancelled_at is not null"))
          .isEqualTo(1);
    }
  }

  @Test
  void aTableALaterMigrationCreatesIsUsableByTheApplicationRoleWithoutAGrant() throws SQLException {
    try (Connection owner = connect(db.owner())) {
      execute(owner, "create table later_feature (id bigint generated always as identity, x text)");
    }
    try (Connection app = connect(db.app())) {
      execute(app, "insert into later_feature (x) values ('a')");
      execute(app, "update later_feature set x = 'b'");
      assertThat(count(app, "select count(*) from later_feature where x = 'b'")).isEqualTo(1);
      execute(app, "delete from later_feature");
      assertThatThrownBy(() -> execute(app, "drop table later_feature"))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void anAuditTableALaterMigrationCreatesIsAppendOnlyForTheApplicationRole() throws SQLException {
    try (Connection owner = connect(db.owner())) {
      execute(owner, "create table audit_later (id bigint generated always as identity, x text)");
    }
    PgEndpoint owner = db.owner();
    Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), db.app().user());
    try (Connection app = connect(db.app())) {
      execute(app, "insert into audit_later (x) values ('read')");
      assertThat(count(app, "select count(*) from audit_later")).isEqualTo(1);
      for (String attack :
          List.of(
              "update audit_later set x = 'x'",
              "delete from audit_later",
              "truncate audit_later")) {
        assertThatThrownBy(() -> execute(app, attack)).as(attack).isInstanceOf(SQLException.class);
      }
    }
  }

  @Test
  void aDatabaseAnOlderVersionMadeAsTheSuperuserIsHandedToTheOwnerAndServedAsTheAppRole()
      throws SQLException {
    PgEndpoint superuser = TestDatabase.freshDatabase("upgrade");
    Flyway.configure()
        .dataSource(superuser.jdbcUrl(), superuser.user(), superuser.password())
        .locations("classpath:db/migration")
        .placeholders(Map.of(Migrations.APP_ROLE_PLACEHOLDER, superuser.user()))
        .target("17")
        .load()
        .migrate();

    // The roles belong to the whole test server: keep the passwords they already have.
    DatabaseRoles.Split upgraded =
        DatabaseRoles.provision(
            superuser, superuser.database(), db.owner().password(), db.app().password());
    PgEndpoint owner = upgraded.owner();
    Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), upgraded.app().user());

    assertThatCode(() -> DatabasePrivileges.verify(upgraded.app(), true, false))
        .doesNotThrowAnyException();
    try (Connection app = connect(upgraded.app())) {
      execute(app, "insert into audit_read (subject, roles, purpose) values ('t', '{}', 'check')");
      assertThatThrownBy(() -> execute(app, "alter table audit_read disable trigger all"))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void theStartCheckAcceptsTheApplicationRoleAndRefusesOneThatCouldChangeAuditRows()
      throws SQLException {
    assertThatCode(() -> DatabasePrivileges.verify(db.app(), true, false))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> DatabasePrivileges.verify(db.owner(), true, false))
        .hasMessageContaining("pg.url role oqsgw_owner owns")
        .hasMessageContaining("audit_read");
    try (Connection owner = connect(db.owner())) {
      execute(owner, "grant delete on audit_read to oqsgw_app");
      try {
        assertThatThrownBy(() -> DatabasePrivileges.verify(db.app(), true, false))
            .hasMessageContaining("may UPDATE, DELETE or TRUNCATE audit_read");
      } finally {
        execute(owner, "revoke delete on audit_read from oqsgw_app");
      }
    }
  }

  @Test
  void theCheckOnTheSuperusersConnectionJudgesTheApplicationRoleAndHandsTheConnectionBack()
      throws SQLException {
    try (Connection superuser = connect(TestDatabase.superuserOn(db.app().database()));
        Connection owner = connect(db.owner())) {
      assertThatCode(() -> DatabasePrivileges.verifyAsRole(superuser, DatabaseRoles.APP))
          .doesNotThrowAnyException();
      execute(owner, "grant update on audit_read to oqsgw_app");
      try {
        assertThatThrownBy(() -> DatabasePrivileges.verifyAsRole(superuser, DatabaseRoles.APP))
            .hasMessageContaining("may UPDATE, DELETE or TRUNCATE audit_read");
      } finally {
        execute(owner, "revoke update on audit_read from oqsgw_app");
      }
      try (Statement s = superuser.createStatement();
          ResultSet rs = s.executeQuery("select current_user = session_user")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).as("the role given back after the check").isTrue();
      }
    }
  }

  @Test
  void aSuperuserIsRefusedAtStartUnlessExplicitlyAllowed() {
    PgEndpoint superuser = TestDatabase.freshDatabase("superuser");
    assertThatThrownBy(() -> DatabasePrivileges.verify(superuser, false, false))
        .hasMessageStartingWith(
            "pg.url connects as " + superuser.user() + ", a PostgreSQL superuser")
        .hasMessageContaining("pg.allow-superuser: true")
        .hasMessageNotContaining("\n");
    assertThatCode(() -> DatabasePrivileges.verify(superuser, false, true))
        .doesNotThrowAnyException();
  }

  @Test
  void theGatewayServesAQualificationCheckAsTheApplicationRole() {
    try (InProcessGateway gw = InProcessGateway.withSimulatedTerminal("roles_e2e", Map.of());
        TerminalSimulator terminal = gw.startTerminal(SimulatedPopulation.standard())) {
      ChartApi api = new ChartApi(gw.gateway().vertx(), gw);
      HttpResponse<Buffer> check =
          api.postCheck(
              "?wait=20",
              CheckBodies.forPerson(CheckBodies.coveredToday(SimulatedPopulation.standard(), 0)));
      assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(201);
      String servedAs = gw.firstRow("select current_user").getString(0);
      assertThat(servedAs).isEqualTo(DatabaseRoles.APP);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
