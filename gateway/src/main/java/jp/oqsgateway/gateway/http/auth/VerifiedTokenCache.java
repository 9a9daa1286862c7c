package jp.oqsgateway.gateway.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tokens whose signature, claims and revocation were already checked, with their caller: at most
 * {@code maxSize} of them (Caffeine's size eviction), each trusted for at most {@code trustFor} and
 * never past its {@code exp}. The time bound is what makes a revocation written by another gateway
 * on the same database take effect here: after {@code trustFor} the entry is gone and {@link
 * TokenVerifier} looks at the revocation table again. Thread-safe (shared by the API verticle's
 * event loops); maintenance runs on the calling thread, never on the common pool.
 */
final class VerifiedTokenCache {
  /** Longest {@code trustFor} the code allows, whatever the configuration says. */
  static final Duration MAX_TRUST = Duration.ofSeconds(30);

  private final Cache<String, Caller> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  VerifiedTokenCache(int maxSize, Duration trustFor, Clock clock, Ticker ticker) {
    if (trustFor.isNegative() || trustFor.compareTo(MAX_TRUST) > 0) {
      throw new IllegalArgumentException("trustFor must be between 0s and " + MAX_TRUST);
    }
    long trustNanos = trustFor.toNanos();
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(trustNanos == 0 ? 0 : maxSize)
            .executor(Runnable::run)
            .ticker(ticker)
            .expireAfter(
                new Expiry<String, Caller>() {
                  @Override
                  public long expireAfterCreate(String token, Caller caller, long now) {
                    Duration untilExp = Duration.between(clock.instant(), caller.expiresAt());
                    return untilExp.compareTo(trustFor) >= 0
                        ? trustNanos
                        : Math.max(0, untilExp.toNanos());
                  }

                  @Override
                  public long expireAfterUpdate(
                      String token, Caller caller, long now, long remaining) {
                    return expireAfterCreate(token, caller, now);
                  }

                  @Override
                  public long expireAfterRead(
                      String token, Caller caller, long now, long remaining) {
                    return remaining;
                  }
                })
            .build();
  }

  Caller get(String token) {
    Caller caller = entries.getIfPresent(token);
    (caller == null ? misses : hits).increment();
    return caller;
  }

  /** Look-ups that found the token, since the start. */
  long hits() {
    return hits.sum();
  }

  /** Look-ups that did not (its signature and revocation then checked), since the start. */
  long misses() {
    return misses.sum();
  }

  void put(String token, Caller caller) {
    entries.put(token, caller);
  }

  void remove(String token) {
    entries.invalidate(token);
  }

  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
