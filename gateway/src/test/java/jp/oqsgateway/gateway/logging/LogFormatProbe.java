package jp.oqsgateway.gateway.logging;

import org.slf4j.LoggerFactory;

/**
 * Logs one line through the production logging set-up, for {@link
 * LogFormatFollowsHowTheGatewayRunsTest}.
 */
public final class LogFormatProbe {
  private LogFormatProbe() {}

  public static void main(String[] args) {
    LoggerFactory.getLogger(LogFormatProbe.class)
        .atInfo()
        .addKeyValue("status", 200)
        .log("probe line");
  }
}
