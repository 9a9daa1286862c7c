package jp.oqsgateway.vcard;

/**
 * A virtual card at one moment: whether it is inserted (wanted in the reader), connected to vpcd,
 * served by it (vpcd talked to it on this connection) and powered; the PIN retry counter; command
 * APDUs answered and connections made so far. No card data.
 */
public record CardStatus(
    boolean inserted,
    boolean connected,
    boolean served,
    boolean powered,
    int pinTriesLeft,
    long apdus,
    long connections) {

  /** One line of JSON, as the control channel answers {@code status}. */
  public String toJson() {
    return "{\"inserted\":"
        + inserted
        + ",\"connected\":"
        + connected
        + ",\"served\":"
        + served
        + ",\"powered\":"
        + powered
        + ",\"pinTriesLeft\":"
        + pinTriesLeft
        + ",\"apdus\":"
        + apdus
        + ",\"connections\":"
        + connections
        + "}";
  }
}
