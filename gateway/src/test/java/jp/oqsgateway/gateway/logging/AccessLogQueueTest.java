package jp.oqsgateway.gateway.logging;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The access log's queue never makes the logging thread wait: while the output is stuck, lines
 * beyond the queue's room are dropped and counted, and the lines queued are written once it moves.
 */
class AccessLogQueueTest {
  @Test
  @Timeout(30)
  void whenTheOutputIsStuckLinesBeyondTheQueueAreDroppedAndCountedNotWaitedFor() {
    CountDownLatch stuck = new CountDownLatch(1);
    List<String> written = new CopyOnWriteArrayList<>();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    AppenderBase<ILoggingEvent> output =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent e) {
            try {
              stuck.await();
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
            written.add(e.getFormattedMessage());
          }
        };
    output.setContext(context);
    output.start();
    AccessLogQueue queue = new AccessLogQueue();
    queue.setContext(context);
    queue.setQueueSize(4);
    queue.setNeverBlock(false);
    queue.addAppender(output);
    queue.start();
    Logger access = context.getLogger(AccessLogQueue.LOGGER);
    access.setAdditive(false);
    access.addAppender(queue);

    for (int i = 0; i < 20; i++) {
      access.info("line {}", i);
    }

    // The queue holds four, its writer at most five (one it waits on, four it took with it): the
    // rest were dropped, none waited for.
    assertThat(queue.dropped()).isBetween(20L - 4 - 5, 20L - 4);
    stuck.countDown();
    await("the queued lines are written")
        .atMost(Duration.ofSeconds(10))
        .until(() -> written.size() + queue.dropped() == 20);
    assertThat(written).startsWith("line 0");
    queue.stop();
  }
}
