package jp.oqsgateway.gateway.consented;

/**
 * @param defaultDays the nightly range starts this many days before today ({@code
 *     oqs.consented.default-days})
 * @param maxSpanDays the longest range one retrieval may ask for, both ends included ({@code
 *     oqs.consented.max-span-days}); a default range longer than it is refused like any other
 */
public record ConsentedConfig(int defaultDays, int maxSpanDays) {
  /** The defaults of {@link ConsentedSettings}. */
  public static final ConsentedConfig DEFAULTS = new ConsentedConfig(2, 31);
}
