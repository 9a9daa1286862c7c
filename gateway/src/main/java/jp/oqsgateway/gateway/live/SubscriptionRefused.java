package jp.oqsgateway.gateway.live;

/**
 * A subscription the caller may not have ({@code desk-not-allowed}) or that names what does not
 * exist ({@code unknown-event-type}). The detail names the field and the rule, never an event.
 */
public final class SubscriptionRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String field;
  private final boolean forbidden;

  SubscriptionRefused(String code, String field, String detail, boolean forbidden) {
    super(detail, null, false, false);
    this.code = code;
    this.field = field;
    this.forbidden = forbidden;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  /** True when the caller lacks the right (403, close 4403); false for a bad request (4400). */
  public boolean forbidden() {
    return forbidden;
  }
}
