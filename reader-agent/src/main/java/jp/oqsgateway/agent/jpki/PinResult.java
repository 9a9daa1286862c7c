package jp.oqsgateway.agent.jpki;

/** What the card said to one VERIFY. */
public sealed interface PinResult {
  /** {@code 90 00}: the PIN is verified until the card is powered off or reset. */
  record Verified() implements PinResult {}

  /** {@code 63 Cx} with x at least 1: wrong PIN, x tries left. */
  record Wrong(int triesLeft) implements PinResult {}

  /** {@code 69 83}, or {@code 63 C0}: the PIN is blocked. */
  record Locked() implements PinResult {}
}
