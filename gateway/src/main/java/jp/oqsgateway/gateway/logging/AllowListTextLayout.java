package jp.oqsgateway.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * One human-readable line per log event, for a gateway run by hand on a terminal: local time,
 * level, the logger's simple name, the message, the request id and the allow-listed fields as
 * {@code key=value}. The same allow-list as {@link AllowListJsonLayout}: nothing else is written.
 */
public final class AllowListTextLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static final int MAX_FRAMES = 30;

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
        .append(' ')
        .append(String.format("%-5s", event.getLevel()))
        .append(' ')
        .append(simpleName(event.getLoggerName()))
        .append(": ")
        .append(event.getFormattedMessage());
    String requestId = LogFields.requestId(event);
    if (requestId != null) {
      line.append(" requestId=").append(requestId);
    }
    appendFields(line, event.getKeyValuePairs());
    line.append(System.lineSeparator());
    for (IThrowableProxy error = event.getThrowableProxy();
        error != null;
        error = error.getCause() == error ? null : error.getCause()) {
      line.append("  ")
          .append(error.getClassName())
          .append(": ")
          .append(error.getMessage())
          .append(System.lineSeparator());
      StackTraceElementProxy[] frames = error.getStackTraceElementProxyArray();
      for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
        line.append("    at ")
            .append(frames[i].getStackTraceElement())
            .append(System.lineSeparator());
      }
    }
    return line.toString();
  }

  private static String simpleName(String logger) {
    return logger.substring(logger.lastIndexOf('.') + 1);
  }

  private static void appendFields(StringBuilder line, List<KeyValuePair> pairs) {
    if (pairs == null) {
      return;
    }
    int dropped = 0;
    for (KeyValuePair kv : pairs) {
      if (LogFields.REQUEST_ID.equals(kv.key)) {
        continue; // written once, above
      }
      if (LogFields.ALLOWED.contains(kv.key)) {
        line.append(' ').append(kv.key).append('=').append(kv.value);
      } else {
        dropped++;
      }
    }
    if (dropped > 0) {
      line.append(" droppedFields=").append(dropped);
    }
  }
}
