package jp.oqsgateway.gateway.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (a token subject, a network address): {@code capacity} requests at once,
 * refilled at {@code perSecond}. Bounded in count and forgotten when idle, so a flood of distinct
 * keys cannot grow the heap; a forgotten bucket comes back full, which is what an idle client has
 * earned anyway.
 */
final class TokenBuckets {
  private static final int MAX_KEYS = 50_000;

  private final double capacity;
  private final double perNano;
  private final LongSupplier nanoClock;
  private final Cache<String, Bucket> buckets;

  TokenBuckets(double capacity, double perSecond, LongSupplier nanoClock) {
    if (capacity < 1 || perSecond <= 0) {
      throw new IllegalArgumentException("capacity ≥ 1 and a positive rate required");
    }
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.nanoClock = nanoClock;
    long fullAfterNanos = (long) Math.ceil(capacity / perNano);
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(Duration.ofNanos(Math.max(fullAfterNanos, 1_000_000_000L)))
            .build();
  }

  /**
   * Takes one token for this key.
   *
   * @return 0 when taken, otherwise the whole seconds until one will be there (for {@code
   *     Retry-After})
   */
  long take(String key) {
    return bucket(key).take(1);
  }

  /**
   * Whether a token is there for this key, without taking it.
   *
   * @return 0 when there is, otherwise the whole seconds until there will be
   */
  long peek(String key) {
    Bucket b = buckets.getIfPresent(key);
    return b == null ? 0 : b.take(0);
  }

  private Bucket bucket(String key) {
    return buckets.get(key, k -> new Bucket(capacity, nanoClock.getAsLong()));
  }

  private final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    /** Takes {@code n} tokens (0: only looks); returns 0 or the seconds to wait for one. */
    synchronized long take(int n) {
      long now = nanoClock.getAsLong();
      tokens = Math.min(capacity, tokens + (now - updated) * perNano);
      updated = now;
      if (tokens >= 1) {
        tokens -= n;
        return 0;
      }
      double missingNanos = (1 - tokens) / perNano;
      return Math.max(1, (long) Math.ceil(missingNanos / 1e9));
    }
  }
}
