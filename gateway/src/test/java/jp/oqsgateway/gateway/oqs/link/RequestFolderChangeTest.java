package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.RecordCopies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An exchange left pending when the gateway stopped is never left in silence by a change of the
 * req/ folder: the same folder under another name is still followed, the folder this gateway used
 * before has its exchanges ended OUTCOME_UNKNOWN at start, and another gateway's folder on the same
 * database is left to that gateway.
 */
class RequestFolderChangeTest {
  private static PgEndpoint db;
  private LinkHarness h;
  private LinkHarness other;

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("reqdirchange");
  }

  @AfterEach
  void stop() {
    LinkHarness.closeAll(other, h);
  }

  private static Exchange submitCheck(LinkHarness on) {
    return on.link.submit(OqsRequest.of(RequestKind.SIQUC01, OqsLinkTest.cardCheck(null))).await();
  }

  /** Deadlines far beyond the test: nothing ends by its clock. */
  private static LinkConfig longDeadline(LinkConfig c) {
    return RecordCopies.with(
        c, Map.of("defaultTimeout", java.time.Duration.ofSeconds(120), "timeouts", Map.of()));
  }

  private static LinkConfig withReqDir(LinkConfig c, Path reqDir) {
    return RecordCopies.with(c, Map.of("reqDir", reqDir));
  }

  @Test
  void anExchangePendingWhenTheGatewayStoppedEndsExplicitlyWhenItsReqFolderIsAnotherOneNow()
      throws Exception {
    h = new LinkHarness(db, RequestFolderChangeTest::longDeadline);
    Exchange e = submitCheck(h);
    h.stop();
    Path moved = Files.createDirectories(h.root.resolve("req-moved"));

    h.restartStoppedWith(c -> withReqDir(c, moved));

    Exchange ended = h.link.find(e.id()).await().orElseThrow();
    assertEquals(ExchangeState.OUTCOME_UNKNOWN, ended.state(), "ended at start, not left pending");
    assertTrue(
        ended.error().orElseThrow().contains("request folder this gateway used before"),
        ended.error().toString());
    ExchangeOutcome told =
        h.link.outcome(e.id()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(ExchangeState.OUTCOME_UNKNOWN, told.exchange().state());
    // Unanswered and final: a person may send it again (the ops retry).
    Exchange again = h.link.retry(e.id()).await();
    assertEquals(e.id(), again.retryOf().orElseThrow());
    assertTrue(Files.exists(moved.resolve(again.requestFile())), "the retry goes to the new req/");
  }

  @Test
  void theSameFolderReachedThroughASymbolicLinkIsStillFollowed() throws Exception {
    h = new LinkHarness(db, RequestFolderChangeTest::longDeadline);
    Exchange e = submitCheck(h);
    h.stop();
    Path alias = Files.createSymbolicLink(h.root.resolve("req-alias"), h.root.resolve("req"));

    h.restartStoppedWith(c -> withReqDir(c, alias));

    assertEquals(1, h.link.status().await().pending(), "tracked after the restart");
    assertEquals(ExchangeState.WRITTEN, h.state(e.id()));
    Future<ExchangeOutcome> outcome = h.link.outcome(e.id());
    h.awaitScans(2);
    assertFalse(outcome.failed(), "followed, not disowned: " + outcome.cause());
  }

  @Test
  void anotherGatewaysReqFolderOnTheSameDatabaseIsLeftToThatGateway() throws Exception {
    h = new LinkHarness(db, RequestFolderChangeTest::longDeadline);
    other = new LinkHarness(db, RequestFolderChangeTest::longDeadline);
    Exchange theirs = submitCheck(other);
    h.stop();
    Path moved = Files.createDirectories(h.root.resolve("req-moved"));

    h.restartStoppedWith(c -> withReqDir(c, moved));

    assertEquals(ExchangeState.WRITTEN, h.state(theirs.id()), "not this gateway's to end");
    ExecutionException disowned =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () ->
                h.link
                    .outcome(theirs.id())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));
    assertInstanceOf(ExchangeNotHandled.class, disowned.getCause());
    await("still the other gateway's")
        .atMost(FakeTerminal.WAIT)
        .until(() -> other.link.status().await().pending() == 1);
  }
}
