package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Unmatched;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.testsupport.RecordCopies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real link against the real simulator under load and faults, and across a crash: every request
 * ends explicitly, exactly once, and nothing pending is lost when the link dies.
 */
class LinkUnderFaultsTest {
  private static final String SIQUC01 = RequestKind.SIQUC01.prefix();
  // Twice and more the slowest answer of the run (1.1 s, the 1 s latency faults among them), so a
  // loaded machine does not turn a slow answer into a missed deadline and change the counts.
  private static final Duration TIMEOUT = Duration.ofSeconds(6);

  /** Persons with a coverage in force on the day asked about: valid single checks. */
  private static final List<SimulatedPerson> PERSONS =
      SimulatedRequests.POPULATION.persons().stream()
          .filter(p -> p.coverageOn(SimulatedRequests.AS_OF).isPresent())
          .filter(LinkUnderFaultsTest::encodable)
          .toList();

  private LinkHarness h;
  private SimulatorTerminal terminal;
  private final Map<UUID, AtomicInteger> announced = new ConcurrentHashMap<>();

  private static boolean encodable(SimulatedPerson p) {
    try {
      SimulatedRequests.singleCheck(p);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The {@code n} of a query counting rows. */
  private long count(String sql) {
    return h.pool.query(sql).execute().await().iterator().next().getLong("n");
  }

  @AfterEach
  void stop() {
    LinkHarness.closeAll(terminal, h);
  }

  private void start(String purpose) {
    h =
        new LinkHarness(
            LinkHarness.migratedDatabase(purpose),
            c ->
                RecordCopies.with(
                    c,
                    Map.of(
                        "defaultTimeout", TIMEOUT,
                        "timeouts", Map.of(),
                        "pickupThreshold", Duration.ofSeconds(2),
                        "errGrace", Duration.ofSeconds(1))));
    terminal = new SimulatorTerminal(h.root);
    terminal.start();
  }

  private Consumer<ExchangeOutcome> counting(Semaphore window) {
    return o -> {
      announced.computeIfAbsent(o.exchangeId(), k -> new AtomicInteger()).incrementAndGet();
      if (window != null) {
        window.release();
      }
    };
  }

  private Map<String, Long> statesInDatabase() {
    Map<String, Long> states = new HashMap<>();
    for (Row r :
        h.pool
            .query("select state, count(*) as n from oqs_exchange group by state")
            .execute()
            .await()) {
      states.put(r.getString("state"), r.getLong("n"));
    }
    return states;
  }

  @Test
  void aThousandChecksWithOneInFiveFaultyAllEndAnsweredOrExplicitlyFailed() throws Exception {
    start("faults");
    // One request in five, spread evenly and reproducibly over the fault types: per 50 requests
    // in pick-up order, 2 dropped, 2 .err, 2 malformed, 2 duplicated, 1 slow, 1 with a stranger.
    int[][] plan = {{0, 25}, {5, 30}, {10, 35}, {15, 40}, {20}, {45}};
    FaultType[] types = {
      FaultType.NO_ANSWER,
      FaultType.ERR,
      FaultType.MALFORMED,
      FaultType.DUPLICATE,
      FaultType.LATENCY,
      FaultType.UNKNOWN_RESULT
    };
    for (int t = 0; t < types.length; t++) {
      for (int offset : plan[t]) {
        FaultRule rule = FaultRule.every(SIQUC01, 50, offset, types[t]);
        terminal.sim.faults().add(types[t] == FaultType.LATENCY ? rule.withMillis(1000) : rule);
      }
    }
    Semaphore window = new Semaphore(64);
    h.link.onOutcome(counting(window));
    int total = 1000;
    long started = System.nanoTime();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      assertThat(window.tryAcquire(30, TimeUnit.SECONDS)).as("a free slot").isTrue();
      ids.add(
          h.link
              .submit(SimulatedRequests.singleCheck(PERSONS.get(i % PERSONS.size())))
              .await()
              .id());
    }
    await("every exchange announced")
        .atMost(Duration.ofSeconds(60))
        .until(() -> announced.size() == total);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    Map<String, Long> states = statesInDatabase();
    assertThat(states.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    assertThat(states).doesNotContainKeys("WRITTEN", "PICKED_UP");
    // 40 dropped and 40 malformed end OUTCOME_UNKNOWN at the deadline, 40 .err end FAILED; the
    // duplicated, slow and stranger-accompanied ones are answered like the rest.
    assertThat(states)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("ANSWERED", 880L, "FAILED", 40L, "OUTCOME_UNKNOWN", 80L));
    assertThat(ids).doesNotHaveDuplicates().allMatch(announced::containsKey);
    assertThat(announced.values()).allMatch(n -> n.get() == 1);
    assertThat(h.counter("oqsgw.oqs.exchange.outcomes", "kind", "siquc01", "outcome", "answered"))
        .isEqualTo(880);
    long unreadable =
        count(
            "select count(*) as n from oqs_exchange"
                + " where state = 'OUTCOME_UNKNOWN' and error like '%result file unreadable%'");
    assertThat(unreadable).as("malformed results named at the deadline").isEqualTo(40);
    long errTexts =
        count(
            "select count(*) as n from oqs_exchange"
                + " where state = 'FAILED' and error like '%シミュレータの障害注入%'");
    assertThat(errTexts).isEqualTo(40);
    long appliedTwice =
        count(
            "select count(*) as n from (select exchange_id from oqs_processed_file"
                + " where outcome = 'answered' group by exchange_id having count(*) > 1) x");
    assertThat(appliedTwice).as("no exchange took two answers").isZero();
    await("strangers counted")
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.link.unmatched(Unmatched.UNKNOWN_REQUEST) == 20);
    System.out.println("1000 checks under faults: " + took.toMillis() + " ms");
  }

  @Test
  void aLinkKilledMidRunResumesAfterItsRestartWithNothingLostOrDoubled() throws Exception {
    start("crash");
    terminal.sim.faults().add(FaultRule.always(SIQUC01, FaultType.LATENCY).withMillis(1500));
    h.link.onOutcome(counting(null));
    int total = 60;
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      ids.add(h.link.submit(SimulatedRequests.singleCheck(PERSONS.get(i))).await().id());
    }
    await("some picked up")
        .atMost(Duration.ofSeconds(10))
        .until(() -> terminal.sim.pickedUpCount() > 0);

    h.kill();
    Instant killedAt = Instant.now();
    // The simulator answers into res/ while no link runs, past every deadline.
    await("all answered while the link is dead")
        .atMost(Duration.ofSeconds(30))
        .until(() -> terminal.sim.answeredCount() == total);
    await("deadlines passed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(killedAt.plus(TIMEOUT).plusMillis(200)));
    Map<UUID, Integer> beforeRestart = new HashMap<>();
    announced.forEach((id, n) -> beforeRestart.put(id, n.get()));

    h.restartStopped();
    Map<UUID, AtomicInteger> afterRestart = new ConcurrentHashMap<>();
    h.link.onOutcome(
        o ->
            afterRestart
                .computeIfAbsent(o.exchangeId(), k -> new AtomicInteger())
                .incrementAndGet());
    await("all final")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Map<String, Long> s = statesInDatabase();
              return !s.containsKey("WRITTEN") && !s.containsKey("PICKED_UP");
            });

    assertThat(statesInDatabase()).containsExactlyEntriesOf(Map.of("ANSWERED", (long) total));
    for (UUID id : ids) {
      assertThat(h.link.outcome(id).await().result()).as("answer of " + id).isPresent();
      int times =
          beforeRestart.getOrDefault(id, 0)
              + afterRestart.getOrDefault(id, new AtomicInteger()).get();
      assertThat(times).as("announcements of " + id).isLessThanOrEqualTo(1);
    }
    // Counted on the new link's meters, not by a listener: the answers lying in res/ are complete
    // documents, so the new link applies them in its first scan, before start() returns and a
    // listener can be added.
    assertThat(h.counter("oqsgw.oqs.exchange.outcomes", "kind", "siquc01", "outcome", "answered"))
        .as("the resumed ones answered by the new link")
        .isPositive();
    assertThat(
            count(
                "select count(*) as n from (select exchange_id from oqs_processed_file"
                    + " where outcome = 'answered' group by exchange_id having count(*) > 1) x"))
        .isZero();
  }
}
