package jp.oqsgateway.gateway.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedWaitTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** {@code work}'s answer within {@code wait}, else {@code "waiting"}. */
  private static Future<String> withinOrWaiting(Future<String> work, Duration wait) {
    return BoundedWait.within(work, wait, () -> Future.succeededFuture("waiting"));
  }

  @Test
  void workThatEndsWithinTheWaitIsTheAnswer() throws Exception {
    Promise<String> work = Promise.promise();
    Future<String> answer = withinOrWaiting(work.future(), Duration.ofSeconds(5));
    vertx.setTimer(20, id -> work.complete("answered"));
    assertThat(answer.await(5, TimeUnit.SECONDS)).isEqualTo("answered");
  }

  @Test
  void workStillRunningWhenTheWaitEndsIsAnsweredAsItIsNow() throws Exception {
    Promise<String> never = Promise.promise();
    Future<String> answer = withinOrWaiting(never.future(), Duration.ofMillis(50));
    assertThat(answer.await(5, TimeUnit.SECONDS)).isEqualTo("waiting");
  }

  @Test
  void aFailureWithinTheWaitReachesTheCaller() {
    Future<String> answer =
        withinOrWaiting(
            Future.failedFuture(new IllegalStateException("refused")), Duration.ofSeconds(5));
    assertThat(answer.cause()).hasMessage("refused");
  }

  @Test
  void noWaitAnswersAtOnceWithWhereItStands() throws Exception {
    Promise<String> never = Promise.promise();
    Future<String> answer = withinOrWaiting(never.future(), Duration.ZERO);
    assertThat(answer.await(5, TimeUnit.SECONDS)).isEqualTo("waiting");
  }
}
