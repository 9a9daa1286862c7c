package jp.oqsgateway.gateway.http.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens whose signature was already checked, with their caller: bounded, least recently used first
 * out. Entries are not trusted past the token's {@code exp}; {@link TokenVerifier} checks that on
 * every hit. Shared by the API verticle's event loops, hence synchronized (a lookup holds the lock
 * for well under a microsecond).
 */
final class VerifiedTokenCache {
  private final int maxSize;
  private final Map<String, Caller> entries;

  VerifiedTokenCache(int maxSize) {
    this.maxSize = maxSize;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Caller> eldest) {
            return size() > VerifiedTokenCache.this.maxSize;
          }
        };
  }

  synchronized Caller get(String token) {
    return entries.get(token);
  }

  synchronized void put(String token, Caller caller) {
    if (maxSize > 0) {
      entries.put(token, caller);
    }
  }

  synchronized void remove(String token) {
    entries.remove(token);
  }

  synchronized int size() {
    return entries.size();
  }
}
