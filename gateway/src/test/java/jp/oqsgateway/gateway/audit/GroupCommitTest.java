package jp.oqsgateway.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How rows wait for a commit: the rows recorded while one commit is in flight go together in the
 * next, at most {@link GroupCommit#MAX_ROWS} at a time; each caller hears of its own row only when
 * its commit ended, and a failed commit fails every row in it and no other. With a wait set, a
 * commit of a few rows right after another first waits for more; a row alone is written at once.
 */
class GroupCommitTest {
  /** The commits asked for, each with its rows, left open until the test ends them. */
  private final List<List<Integer>> batches = new ArrayList<>();

  private final List<Promise<Void>> commits = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** The waits asked for, run when the test says their time is up. */
  private final List<Runnable> waits = new ArrayList<>();

  private final GroupCommit<Integer> group = group(Duration.ZERO);

  private GroupCommit<Integer> group(Duration wait) {
    return new GroupCommit<>(
        rows -> {
          Promise<Void> p = Promise.promise();
          batches.add(rows);
          commits.add(p);
          return p.future();
        },
        wait,
        (delay, task) -> {
          assertThat(delay).isEqualTo(wait);
          waits.add(task);
        },
        registry);
  }

  @Test
  void rowsRecordedWhileACommitIsInFlightGoTogetherInTheNextAndAreAnsweredOnlyWhenItEnds() {
    Future<Void> first = group.add(0);
    List<Future<Void>> waiting = IntStream.rangeClosed(1, 5).mapToObj(group::add).toList();

    assertThat(batches).containsExactly(List.of(0));
    commits.get(0).complete();
    assertThat(first.succeeded()).isTrue();
    assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
    assertThat(waiting).noneMatch(Future::isComplete);

    commits.get(1).complete();
    assertThat(waiting).allMatch(Future::succeeded);
    assertThat(registry.get("oqsgw.audit.rows.per.commit").summary().count()).isEqualTo(2);
    assertThat(registry.get("oqsgw.audit.rows.per.commit").summary().totalAmount()).isEqualTo(6);
  }

  @Test
  void aFailedCommitFailsEachOfItsRowsAndTheNextCommitCarriesOn() {
    group.add(0);
    List<Future<Void>> failing = List.of(group.add(1), group.add(2));
    commits.get(0).complete();
    Future<Void> later = group.add(3);

    commits.get(1).fail(new IllegalStateException("the database refused the insert"));

    assertThat(failing).allMatch(Future::failed);
    assertThat(batches.get(2)).containsExactly(3);
    commits.get(2).complete();
    assertThat(later.succeeded()).isTrue();
  }

  @Test
  void aCommitCarriesAtMostMaxRowsAndTooManyWaitingAreRefusedAtOnce() {
    group.add(-1);
    List<Future<Void>> accepted =
        IntStream.range(0, GroupCommit.MAX_WAITING).mapToObj(group::add).toList();
    Future<Void> refused = group.add(GroupCommit.MAX_WAITING);

    assertThat(accepted).noneMatch(Future::isComplete);
    assertThat(refused.failed()).isTrue();
    commits.get(0).complete();
    assertThat(batches.get(1)).hasSize(GroupCommit.MAX_ROWS);
    assertThat(registry.get("oqsgw.audit.rows.refused").counter().count()).isEqualTo(1);
  }

  @Test
  void aRowThatFindsNoCommitInFlightIsWrittenAtOnceEvenWithAWaitSet() {
    GroupCommit<Integer> waiting = group(Duration.ofMillis(5));

    Future<Void> alone = waiting.add(0);

    assertThat(batches).containsExactly(List.of(0));
    assertThat(waits).isEmpty();
    commits.get(0).complete();
    assertThat(alone.succeeded()).isTrue();
    assertThat(waits).as("nothing was waiting when the commit ended").isEmpty();
  }

  @Test
  void aFewRowsLeftWhenACommitEndsWaitForMoreAndGoTogetherWhenTheWaitEnds() {
    GroupCommit<Integer> waiting = group(Duration.ofMillis(5));
    waiting.add(0);
    Future<Void> second = waiting.add(1);

    commits.get(0).complete();
    assertThat(batches).as("row 1 waits for company").containsExactly(List.of(0));
    assertThat(waits).hasSize(1);
    List<Future<Void>> meanwhile = List.of(waiting.add(2), waiting.add(3));
    assertThat(batches).hasSize(1);

    waits.get(0).run();

    assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3));
    commits.get(1).complete();
    assertThat(second.succeeded()).isTrue();
    assertThat(meanwhile).allMatch(Future::succeeded);
  }

  @Test
  void theWaitIsCutShortOnceGatherRowsAreWaitingAndItsLateEndStartsNothing() {
    GroupCommit<Integer> waiting = group(Duration.ofMillis(5));
    waiting.add(0);
    waiting.add(1);
    commits.get(0).complete();
    assertThat(waits).hasSize(1);

    IntStream.range(2, GroupCommit.GATHER_ROWS + 1).forEach(waiting::add);

    assertThat(batches).hasSize(2);
    assertThat(batches.get(1)).hasSize(GroupCommit.GATHER_ROWS);
    waits.get(0).run();
    assertThat(batches).as("the wait's end, after the commit it waited for began").hasSize(2);
  }

  @Test
  void manyRowsLeftWhenACommitEndsGoAtOnce() {
    GroupCommit<Integer> waiting = group(Duration.ofMillis(5));
    waiting.add(0);
    IntStream.rangeClosed(1, GroupCommit.GATHER_ROWS).forEach(waiting::add);

    commits.get(0).complete();

    assertThat(waits).isEmpty();
    assertThat(batches.get(1)).hasSize(GroupCommit.GATHER_ROWS);
  }
}
