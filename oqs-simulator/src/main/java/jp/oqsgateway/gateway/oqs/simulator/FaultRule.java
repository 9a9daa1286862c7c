package jp.oqsgateway.gateway.oqs.simulator;

import io.vertx.core.json.JsonObject;

/**
 * One planned fault: which requests it hits (a kind such as {@code OQSsiquc01}, {@code *} for all,
 * or one request file name) and how many more times ({@code remaining}, null = every matching
 * request until cleared). {@link FaultType#DOWN} ignores {@code remaining}: it lasts until cleared.
 *
 * <p>A periodic rule ({@code every > 0}, see {@link #every}) hits only the matching requests number
 * {@code offset}, {@code offset + every}, {@code offset + 2·every}, … in the order the terminal
 * picks them up, counted from 0 over every request the rule matches ({@code seen}). Several such
 * rules with distinct offsets spread faults evenly and reproducibly, e.g. "20 % of the requests,
 * over five fault types".
 *
 * @param millis delay for {@link FaultType#LATENCY}
 * @param times answers of SegmentOfResult 2 for {@link FaultType#STILL_PROCESSING}; size in MiB for
 *     {@link FaultType#OVERSIZED} (0 = 33 MiB, just above the gateway's default limit)
 * @param every period of a periodic rule; 0 = not periodic
 * @param offset which request of each period is hit (0 ≤ offset < every)
 * @param seen matching requests counted so far by a periodic rule
 */
public record FaultRule(
    String kind,
    String fileName,
    FaultType type,
    long millis,
    int times,
    Integer remaining,
    int every,
    int offset,
    long seen) {

  public static final String ALL_KINDS = "*";

  public FaultRule {
    if (every < 0 || (every > 0 && (offset < 0 || offset >= every))) {
      throw new IllegalArgumentException(
          "a periodic fault needs 0 <= offset < every, got every " + every + ", offset " + offset);
    }
  }

  public FaultRule(
      String kind, String fileName, FaultType type, long millis, int times, Integer remaining) {
    this(kind, fileName, type, millis, times, remaining, 0, 0, 0);
  }

  /** The next {@code count} requests of that kind. */
  public static FaultRule next(String kind, int count, FaultType type) {
    return new FaultRule(kind, null, type, 0, 0, count);
  }

  /** Every request of that kind ({@code *} = all) until cleared. */
  public static FaultRule always(String kind, FaultType type) {
    return new FaultRule(kind, null, type, 0, 0, null);
  }

  /** The request with exactly that file name (once). */
  public static FaultRule forFile(String fileName, FaultType type) {
    return new FaultRule(ALL_KINDS, fileName, type, 0, 0, 1);
  }

  /**
   * The matching requests number {@code offset}, {@code offset + n}, {@code offset + 2n}, … (from
   * 0, in pick-up order) until cleared: one request in {@code n}, deterministically.
   */
  public static FaultRule every(String kind, int n, int offset, FaultType type) {
    if (n < 1) {
      throw new IllegalArgumentException("every needs a period of at least 1, got " + n);
    }
    return new FaultRule(kind, null, type, 0, 0, null, n, offset, 0);
  }

  public FaultRule withMillis(long ms) {
    return new FaultRule(kind, fileName, type, ms, times, remaining, every, offset, seen);
  }

  public FaultRule withTimes(int n) {
    return new FaultRule(kind, fileName, type, millis, n, remaining, every, offset, seen);
  }

  boolean periodic() {
    return every > 0;
  }

  boolean matches(String requestKind, String requestFileName) {
    if (fileName != null) {
      return fileName.equals(requestFileName);
    }
    return ALL_KINDS.equals(kind) || kind.equalsIgnoreCase(requestKind);
  }

  /** For a periodic rule: whether the request it is now seeing is one it hits. */
  boolean hitsCurrent() {
    return !periodic() || seen % every == offset;
  }

  /** A periodic rule after counting one more matching request. */
  FaultRule counted() {
    return new FaultRule(kind, fileName, type, millis, times, remaining, every, offset, seen + 1);
  }

  FaultRule consumedOnce() {
    return new FaultRule(
        kind,
        fileName,
        type,
        millis,
        times,
        remaining == null ? null : remaining - 1,
        every,
        offset,
        seen);
  }

  boolean exhausted() {
    return remaining != null && remaining <= 0 && type != FaultType.DOWN;
  }

  JsonObject toJson() {
    JsonObject j =
        new JsonObject()
            .put("kind", kind)
            .put("fileName", fileName)
            .put("type", type.cliName())
            .put("millis", millis)
            .put("times", times)
            .put("remaining", remaining);
    if (periodic()) {
      j.put("every", every).put("offset", offset).put("seen", seen);
    }
    return j;
  }

  static FaultRule fromJson(JsonObject j) {
    return new FaultRule(
        j.getString("kind", ALL_KINDS),
        j.getString("fileName"),
        FaultType.parse(j.getString("type")),
        j.getLong("millis", 0L),
        j.getInteger("times", 0),
        j.getInteger("remaining"),
        j.getInteger("every", 0),
        j.getInteger("offset", 0),
        j.getLong("seen", 0L));
  }

  @Override
  public String toString() {
    return type.cliName()
        + (type == FaultType.LATENCY ? "=" + millis + "ms" : "")
        + (type == FaultType.STILL_PROCESSING ? "=" + times : "")
        + (type == FaultType.OVERSIZED && times > 0 ? "=" + times + "MiB" : "")
        + " for "
        + (fileName != null ? fileName : kind)
        + (periodic() ? " (every " + every + ", offset " + offset + ")" : "")
        + (remaining == null
            ? (periodic() ? "" : " (until cleared)")
            : " (next " + remaining + ")");
  }
}
