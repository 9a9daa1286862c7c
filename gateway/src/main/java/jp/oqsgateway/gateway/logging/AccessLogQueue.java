package jp.oqsgateway.gateway.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * The access log's queue ({@link LoggingSetup}): the event loop that ends a response only hands its
 * line to this bounded queue, and one logback thread writes the lines out. When the queue is full
 * the line is dropped and counted ({@link #dropped()}, the metric {@code
 * oqsgw_log_access_dropped_total}); the event loop never waits for the output. Other loggers write
 * as before, so a warning or an error is never dropped.
 */
public final class AccessLogQueue extends AsyncAppender {
  /** The access log's logger, written by {@code http.RequestLogHandler}. */
  public static final String LOGGER = "jp.oqsgateway.gateway.http.access";

  /** This appender's name in the logging setup. */
  public static final String NAME = "ACCESS_QUEUE";

  private final AtomicLong dropped = new AtomicLong();

  public AccessLogQueue() {
    setNeverBlock(true);
    // Every line is kept while there is room (logback's default drops INFO lines at 80% full).
    setDiscardingThreshold(0);
  }

  @Override
  public void setNeverBlock(boolean neverBlock) {
    if (!neverBlock) {
      addWarn("the access log's queue never blocks; neverBlock=false is ignored");
    }
    super.setNeverBlock(true);
  }

  @Override
  protected void append(ILoggingEvent event) {
    // Producers take turns so that room seen is room used: the writer thread only takes lines out.
    synchronized (dropped) {
      if (getRemainingCapacity() == 0) {
        dropped.incrementAndGet();
        return;
      }
      super.append(event);
    }
  }

  /** Lines dropped because the queue was full, since the start. */
  public long dropped() {
    return dropped.get();
  }

  /** The queue of the logging configuration in force, when it has one. */
  public static Optional<AccessLogQueue> installed() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return Optional.empty();
    }
    Appender<ILoggingEvent> appender = context.getLogger(LOGGER).getAppender(NAME);
    return appender instanceof AccessLogQueue q ? Optional.of(q) : Optional.empty();
  }
}
