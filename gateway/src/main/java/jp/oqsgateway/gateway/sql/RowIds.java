package jp.oqsgateway.gateway.sql;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keys for rows that accumulate (checks, exchanges, events, consent scopes, jobs…): UUIDs of
 * version 7 (RFC 9562), the millisecond they were made in their first 48 bits, so that each new key
 * sorts after every older one and an insert lands on the right-most leaf of its primary-key index.
 * With random keys (version 4) every insert touches a random leaf, and once an index of millions of
 * keys outgrows PostgreSQL's buffers each insert reads a page from disk (docs/PERFORMANCE.md, "Cost
 * as work grows").
 *
 * <p>Within one millisecond the 12 bits after the version count up (RFC 9562 §6.2, method 1), and a
 * clock that steps back does not reorder: a key is always above the previous one of this process.
 * The last 62 bits are random, from the same source as {@link UUID#randomUUID()}, so a key is as
 * hard to guess as before apart from its time, which every row that carries one shows anyway.
 * Values that must reveal nothing (a token's id, a challenge) keep {@link UUID#randomUUID()}.
 */
public final class RowIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final RowIds SYSTEM = new RowIds(System::currentTimeMillis);

  private final LongSupplier millis;

  /** The last key's millisecond and counter: {@code ms << 12 | counter}. */
  private final AtomicLong last = new AtomicLong();

  RowIds(LongSupplier millis) {
    this.millis = millis;
  }

  /** A new key, above every key this process made before. */
  public static UUID next() {
    return SYSTEM.nextId();
  }

  UUID nextId() {
    long now = millis.getAsLong() << 12;
    long stamp = last.updateAndGet(previous -> Math.max(previous + 1, now));
    long high = (stamp >>> 12) << 16 | 0x7000L | (stamp & 0xFFFL);
    long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | Long.MIN_VALUE;
    return new UUID(high, low);
  }
}
