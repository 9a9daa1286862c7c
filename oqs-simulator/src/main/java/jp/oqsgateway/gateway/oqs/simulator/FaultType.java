package jp.oqsgateway.gateway.oqs.simulator;

import java.util.Locale;

/** The ways the simulated terminal can misbehave (OQS-PROTOCOL.md §1.5, §1.6). */
public enum FaultType {
  /** Picks the request up at once but answers only after {@code millis}. */
  LATENCY("latency"),
  /** Picks the request up (it disappears from req/) and never answers. */
  NO_ANSWER("no-answer"),
  /** Answers with a truncated, unparseable result file. */
  MALFORMED("malformed"),
  /** Moves the request into res/ beside a same-named {@code .err} text (§1.6 file level). */
  ERR("err"),
  /** Writes the result, then writes it again after the duplicate delay. */
  DUPLICATE("duplicate"),
  /** Answers, and also writes a result for an ArbitraryFileIdentifier nobody sent. */
  UNKNOWN_RESULT("unknown-result"),
  /** Bulk download (…02): answers SegmentOfResult 2 {@code times} times before the real answer. */
  STILL_PROCESSING("still-processing"),
  /**
   * Answers with a hostile result: a DOCTYPE declaring nested entities (billion laughs) and an
   * external entity (XXE). No terminal writes a DOCTYPE; a gateway must refuse the file.
   */
  HOSTILE("hostile"),
  /** Answers with the real result padded (whitespace) to {@code times} MiB (0: 33 MiB). */
  OVERSIZED("oversized"),
  /** Stops picking up matching files: they stay in req/ until the fault is cleared. */
  DOWN("down");

  private final String cliName;

  FaultType(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static FaultType parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (FaultType t : values()) {
      if (t.cliName.equals(n) || t.name().equalsIgnoreCase(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown fault type '" + name + "'");
  }
}
