package jp.oqsgateway.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * The only structured fields a log line may carry. Anything else attached to a log event is dropped
 * by {@link AllowListJsonLayout}: patient data, headers and tokens must never reach a log, and an
 * allow-list cannot be bypassed by a new field name the way a deny-list can.
 */
public final class LogFields {
  private LogFields() {}

  /**
   * The request id a line was logged under, carried by the line itself when it is written on
   * another thread than the request's (the access log: {@link AccessLogQueue}).
   */
  public static final String REQUEST_ID = "requestId";

  /** The request id of the line: of the Vert.x context it is written on, else its own field. */
  static String requestId(ILoggingEvent event) {
    String current = RequestIds.current();
    if (current != null || event.getKeyValuePairs() == null) {
      return current;
    }
    for (KeyValuePair kv : event.getKeyValuePairs()) {
      if (REQUEST_ID.equals(kv.key) && kv.value != null) {
        return String.valueOf(kv.value);
      }
    }
    return null;
  }

  public static final Set<String> ALLOWED =
      Set.of(
          // HTTP access
          "method",
          "route",
          "operation",
          "status",
          "durationMs",
          "bytes",
          // lifecycle and configuration
          "version",
          "url",
          "host",
          "port",
          "key",
          "origin",
          "dir",
          "folder",
          "osUser",
          "initialized",
          "startMs",
          "pid",
          "check",
          "reason",
          "count",
          "timeoutMs",
          "schemaVersion",
          "embedded",
          // OQS link (file names and ids carry no patient data)
          "exchangeId",
          // gateway-generated ids of checks, links and registrations (random UUIDs)
          "checkId",
          "linkId",
          "registrationId",
          "staleServed",
          "kind",
          "state",
          "file",
          "reask",
          // outbox and webhooks (ids, bounded type names and counts; never URLs or bodies)
          "eventId",
          "eventType",
          "subscriptionId",
          "attempts",
          "retryInMillis",
          // reader agents (agent, desk and reader names are configured ids; outcomes are bounded)
          "agentId",
          "deskId",
          "outcome",
          // jobs (random job ids, bounded kind names, schedule slots; never an item's key)
          "jobId",
          "slot",
          // the read audit's chain (row ids, sequence numbers and days; never a row's content)
          "auditRowId",
          "auditSeq",
          "auditDay");
}
