package jp.oqsgateway.gateway.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Tests log exactly as production does ({@link LoggingSetup}), and every test JVM also writes its
 * lines to a file of its own under {@code target/test-logs} (JSON, allow-listed fields), so that
 * {@code LogsOfTheWholeTestRunCarryNoPatientData} can read the logs of the whole run afterwards. A
 * JVM a test starts with {@code -Doqsgw.logging=production} gets the production setup alone.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class TestLogging extends ContextAwareBase implements Configurator {
  /** The system property a test sets for a JVM of its own that must log as production alone. */
  public static final String PRODUCTION_ONLY = "oqsgw.logging";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if ("production".equals(System.getProperty(PRODUCTION_ONLY))) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LoggingSetup.install(context);
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName("TEST_LOG_FILE");
    file.setFile(
        System.getProperty("oqsgw.testLogDir", "target/test-logs")
            + "/"
            + System.getProperty("oqsgw.testJvm", "test")
            + "-"
            + ProcessHandle.current().pid()
            + ".log");
    file.setEncoder(LoggingSetup.encoder(context, new AllowListJsonLayout()));
    file.start();
    // The access log does not reach the root's appenders: its lines go to the file too.
    context.getLogger(AccessLogQueue.LOGGER).addAppender(file);
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(file);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
