package jp.oqsgateway.gateway.live;

/** Why a live connection ended: the WebSocket close code and the metric's reason label. */
public enum CloseReason {
  NORMAL(1000, "normal"),
  GATEWAY_STOPPING(1001, "gateway-stopping"),
  HEARTBEAT_TIMEOUT(4000, "heartbeat-timeout"),
  BAD_MESSAGE(4400, "bad-message"),
  UNAUTHENTICATED(4401, "unauthenticated"),
  FORBIDDEN(4403, "forbidden"),
  AUTH_TIMEOUT(4408, "auth-timeout"),
  SLOW_CONSUMER(4429, "slow-consumer"),
  TOO_MANY_CONNECTIONS(4503, "too-many-connections"),
  /** What the connection was to be shown could not be recorded in the audit: not sent. */
  AUDIT_UNAVAILABLE(1011, "audit-unavailable"),
  /** The client went away (closed, or the network did). */
  CLIENT_GONE(1000, "client-gone");

  private final int code;
  private final String label;

  CloseReason(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  /** The reason as the close frame and {@code oqsgw_live_disconnects_total} name it. */
  public String label() {
    return label;
  }
}
