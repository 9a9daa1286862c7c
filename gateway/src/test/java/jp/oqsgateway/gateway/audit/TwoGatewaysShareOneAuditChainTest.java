package jp.oqsgateway.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.bootstrap.DatabaseRoles;
import jp.oqsgateway.gateway.bootstrap.Migrations;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on one database write their read-audit rows into the same chain. Each hashes its
 * rows onto the head it remembers from its own last commit and sends them with the chain's lock;
 * when the other gateway wrote since, the insert writes nothing and the head is read again under
 * the lock. Every row recorded is there once, in one unbroken sequence, and the chain verifies
 * intact (without the insert's check of the head, or with the head read before the lock, rows
 * collide on their position).
 */
class TwoGatewaysShareOneAuditChainTest {
  private static final int READS_EACH = 400;

  @Test
  void readsAuditedConcurrentlyByTwoGatewaysFormOneIntactChain() throws Exception {
    DatabaseRoles.Split db = TestDatabase.freshGatewayDatabase("two_gateway_chain");
    PgEndpoint owner = db.owner();
    Migrations.apply(owner.jdbcUrl(), owner.user(), owner.password(), db.app().user());
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    Pool firstPool = TestDatabase.pool(first, db.app());
    Pool secondPool = TestDatabase.pool(second, db.app());
    try {
      ZoneId zone = ZoneId.of("Asia/Tokyo");
      AuditStore a = new AuditStore(firstPool, zone, new SimpleMeterRegistry());
      // The second's commits of a few rows wait for more, on its Vert.x's timers, as a gateway's
      // do with audit.commit-wait set.
      AuditStore b =
          new AuditStore(secondPool, zone, new SimpleMeterRegistry(), Duration.ofMillis(2), second);
      List<Future<Void>> recorded = new ArrayList<>();
      // Recorded from each Vert.x's own event loop, as reads are: each gateway groups its rows
      // into commits of its own, which interleave with the other's.
      for (int i = 0; i < READS_EACH; i++) {
        int n = i;
        recorded.add(onContext(first, () -> a.record(read("gateway-a", n))));
        recorded.add(onContext(second, () -> b.record(read("gateway-b", n))));
      }
      Future.all(recorded).await();

      try (Connection c = TestDatabase.connect(owner);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select count(*), count(distinct seq), min(seq), max(seq),"
                      + " count(distinct request_id) from audit_read")) {
        rs.next();
        assertThat(rs.getLong(1)).as("rows").isEqualTo(2L * READS_EACH);
        assertThat(rs.getLong(2)).as("distinct positions in the chain").isEqualTo(2L * READS_EACH);
        assertThat(rs.getLong(3)).as("first position").isEqualTo(1);
        assertThat(rs.getLong(4)).as("last position").isEqualTo(2L * READS_EACH);
        assertThat(rs.getLong(5)).as("every read once").isEqualTo(2L * READS_EACH);
        AuditChainVerifier.Result verified =
            AuditChainVerifier.verify(c, Optional.empty(), Optional.empty());
        assertThat(verified.intact()).as("the chain verifies: %s", verified.firstBreak()).isTrue();
        assertThat(verified.rowsChecked()).isEqualTo(2L * READS_EACH);
      }
    } finally {
      firstPool.close().await();
      secondPool.close().await();
      first.close().await();
      second.close().await();
    }
  }

  private static AuditStore.Entry read(String gateway, int n) {
    return new AuditStore.Entry(
        "karte-" + gateway,
        List.of("chart"),
        "latest-qualification",
        Optional.of("P-" + n),
        Optional.of(UUID.randomUUID()),
        gateway + "-" + n,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static Future<Void> onContext(Vertx vertx, Supplier<Future<Void>> record) {
    Promise<Void> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> record.get().onComplete(done));
    return done.future();
  }
}
