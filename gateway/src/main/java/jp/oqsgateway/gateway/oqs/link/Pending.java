package jp.oqsgateway.gateway.oqs.link;

/**
 * One exchange this link is waiting on. Context-confined: read and written only on the link's
 * context, like everything {@link PendingExchanges} holds.
 */
final class Pending {
  Exchange exchange;
  long deadlineTimer = -1;
  String problem;
  boolean reasking;

  /** The request file is being written: its absence from req/ is no pickup yet. */
  boolean writing;

  /** The link is deleting its own request: its absence from req/ is no pickup. */
  boolean withdrawing;

  /**
   * The pickup is known ({@code exchange} is PICKED_UP) but not yet recorded: its row is written by
   * the exchange's end, or by {@code pickupTimer} if no end comes first.
   */
  boolean pickupUnrecorded;

  long pickupTimer = -1;

  /** Extra looks at the deadline while a result of this request was still settling. */
  int deadlineLooks;

  /**
   * An end decided (the deadline's, a failed re-ask's, a returned request's) that could not be
   * recorded yet: tried again, as decided, until it is ({@link PendingExchanges#endSurely}). While
   * set, the deadline decides nothing more.
   */
  PendingExchanges.End decided;

  /** Failed attempts at recording this exchange's end (its deadline's, or {@link #decided}). */
  int endFailures;

  Pending(Exchange exchange) {
    this.exchange = exchange;
  }
}
