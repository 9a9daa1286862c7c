package jp.oqsgateway.gateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;

/**
 * The gateway's logging, set up by code when logback starts (found through {@code
 * META-INF/services}): reading the same settings from XML took Logback's configuration reader about
 * 0.15 s of every start, before anything else could begin.
 *
 * <ul>
 *   <li>One JSON object per line under systemd (to the journal) and whenever the output is not a
 *       terminal; human-readable lines on a terminal ({@link EnvironmentLayout}). Either way only
 *       allow-listed fields ({@link LogFields}).
 *   <li>The access log is written by a thread of its own: the event loop that ends a response only
 *       queues the line (bounded; when full the line is dropped and counted, never waited for:
 *       {@link AccessLogQueue}). Every other line is written at once.
 * </ul>
 *
 * <p>An operator's own file still wins: with {@code -Dlogback.configurationFile=FILE} logback reads
 * that file instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LoggingSetup extends ContextAwareBase implements Configurator {
  static final String OPERATOR_FILE = "logback.configurationFile";
  private static final int ACCESS_QUEUE_SIZE = 8192;

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(OPERATOR_FILE) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    install(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Appenders, levels and the access log's queue, as the gateway runs. */
  public static void install(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> console = console(context, "STDOUT");
    ConsoleAppender<ILoggingEvent> accessConsole = console(context, "ACCESS_STDOUT");
    AccessLogQueue queue = new AccessLogQueue();
    queue.setContext(context);
    queue.setName(AccessLogQueue.NAME);
    queue.setQueueSize(ACCESS_QUEUE_SIZE);
    queue.addAppender(accessConsole);
    queue.start();

    Logger access = context.getLogger(AccessLogQueue.LOGGER);
    access.setAdditive(false);
    access.addAppender(queue);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("org.flywaydb").setLevel(Level.WARN);
    context.getLogger("io.vertx").setLevel(Level.INFO);
    // vertx-micrometer registers the untagged vertx.net.client.active.connections gauge once per
    // NetClient (the pool and the event bus each have one) and Micrometer warns about the second.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
  }

  private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setEncoder(encoder(context, new EnvironmentLayout()));
    appender.start();
    return appender;
  }

  /** Lines laid out by {@code layout}, in UTF-8. */
  public static LayoutWrappingEncoder<ILoggingEvent> encoder(
      LoggerContext context, Layout<ILoggingEvent> layout) {
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    return encoder;
  }
}
