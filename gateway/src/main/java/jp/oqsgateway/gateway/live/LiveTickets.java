package jp.oqsgateway.gateway.live;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use tickets for live connections whose client cannot send a header (a browser's {@code
 * EventSource}) or should not keep a token in script: {@code POST /api/v1/ws-tickets} issues one
 * for the caller, valid {@value #TTL_SECONDS} s; redeeming removes it. In memory only: a restart
 * voids them, which costs a client one more request.
 */
public final class LiveTickets {
  static final int TTL_SECONDS = 30;

  /** Outstanding tickets beyond which expired ones are swept before another is issued. */
  private static final int SWEEP_ABOVE = 1024;

  /** A ticket as its holder sees it. */
  public record Ticket(String value, Instant expiresAt) {}

  private record Held(Viewer viewer, Instant expiresAt) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final Clock clock;

  public LiveTickets(Clock clock) {
    this.clock = clock;
  }

  /** A new ticket carrying the viewer (its subject, roles, desks and token id). */
  public Ticket issue(Viewer viewer) {
    Instant now = clock.instant();
    if (held.size() > SWEEP_ABOVE) {
      held.values().removeIf(h -> !h.expiresAt().isAfter(now));
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt = now.plus(Duration.ofSeconds(TTL_SECONDS));
    held.put(value, new Held(viewer, expiresAt));
    return new Ticket(value, expiresAt);
  }

  /** The viewer of a ticket not yet used nor expired; the ticket is used up either way. */
  public Optional<Viewer> redeem(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Held h = held.remove(value);
    if (h == null || !h.expiresAt().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(h.viewer());
  }
}
