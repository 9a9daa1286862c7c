package jp.oqsgateway.agentprotocol;

/** The kinds of {@code reader.card.error}, exactly as docs/AGENT-PROTOCOL.md names them. */
public enum ErrorKind {
  /** A VERIFY with a wrong PIN; {@code pinTriesLeft} says how many tries remain (at least 1). */
  WRONG_PIN,
  /** The PIN is blocked (no tries left); only the municipal office can reset it. */
  PIN_LOCKED,
  /** The user-authentication certificate is past its notAfter. */
  CARD_EXPIRED,
  /** The card did not answer, or answered something unexpected. */
  UNREADABLE,
  /** The card has no JPKI AP: not a My Number card. */
  NOT_MYNUMBER,
  /** Nobody entered the PIN: the prompt was cancelled or timed out. */
  PIN_CANCELLED
}
