package jp.oqsgateway.gateway.oqs.simulator;

import io.vertx.core.json.JsonObject;

/**
 * One planned fault: which requests it hits (a kind such as {@code OQSsiquc01}, {@code *} for all,
 * or one request file name) and how many more times ({@code remaining}, null = every matching
 * request until cleared). {@link FaultType#DOWN} ignores {@code remaining}: it lasts until cleared.
 *
 * @param millis delay for {@link FaultType#LATENCY}
 * @param times answers of SegmentOfResult 2 for {@link FaultType#STILL_PROCESSING}
 */
public record FaultRule(
    String kind, String fileName, FaultType type, long millis, int times, Integer remaining) {

  public static final String ALL_KINDS = "*";

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

  public FaultRule withMillis(long ms) {
    return new FaultRule(kind, fileName, type, ms, times, remaining);
  }

  public FaultRule withTimes(int n) {
    return new FaultRule(kind, fileName, type, millis, n, remaining);
  }

  boolean matches(String requestKind, String requestFileName) {
    if (fileName != null) {
      return fileName.equals(requestFileName);
    }
    return ALL_KINDS.equals(kind) || kind.equalsIgnoreCase(requestKind);
  }

  FaultRule consumedOnce() {
    return new FaultRule(
        kind, fileName, type, millis, times, remaining == null ? null : remaining - 1);
  }

  boolean exhausted() {
    return remaining != null && remaining <= 0 && type != FaultType.DOWN;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("kind", kind)
        .put("fileName", fileName)
        .put("type", type.cliName())
        .put("millis", millis)
        .put("times", times)
        .put("remaining", remaining);
  }

  static FaultRule fromJson(JsonObject j) {
    return new FaultRule(
        j.getString("kind", ALL_KINDS),
        j.getString("fileName"),
        FaultType.parse(j.getString("type")),
        j.getLong("millis", 0L),
        j.getInteger("times", 0),
        j.getInteger("remaining"));
  }

  @Override
  public String toString() {
    return type.cliName()
        + (type == FaultType.LATENCY ? "=" + millis + "ms" : "")
        + (type == FaultType.STILL_PROCESSING ? "=" + times : "")
        + " for "
        + (fileName != null ? fileName : kind)
        + (remaining == null ? " (until cleared)" : " (next " + remaining + ")");
  }
}
