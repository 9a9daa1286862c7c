package jp.oqsgateway.gateway.http.live;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.live.LiveTickets;
import jp.oqsgateway.gateway.live.Viewer;

/** Callers as the live feed knows them, and back (for a ticket presented to the API's guard). */
final class Viewers {
  private Viewers() {}

  static Viewer of(Caller caller) {
    TreeSet<String> roles = new TreeSet<>();
    caller.roles().forEach(r -> roles.add(r.claimValue()));
    return new Viewer(
        caller.subject(),
        roles,
        caller.desks(),
        caller.tokenId(),
        caller.issuedAt(),
        caller.expiresAt());
  }

  static Caller caller(Viewer viewer) {
    TreeSet<Role> roles = new TreeSet<>();
    viewer.roles().forEach(name -> Role.fromClaim(name).ifPresent(roles::add));
    return new Caller(
        viewer.subject(),
        roles,
        viewer.tokenId(),
        viewer.issuedAt(),
        viewer.expiresAt(),
        viewer.desks());
  }

  /**
   * Runs {@code expired} on {@code vertx}'s timer when the viewer's token expires, however far
   * ahead that is (a chart system's token may live a year, its connection as long); the timer's id.
   */
  static long whenExpired(Vertx vertx, Viewer viewer, Runnable expired) {
    long untilExpiry = Duration.between(Instant.now(), viewer.expiresAt()).toMillis();
    return vertx.setTimer(Math.max(1, untilExpiry), id -> expired.run());
  }

  /** What the API's guard redeems a {@code ticket} query parameter with. */
  static Optional<Caller> redeem(LiveTickets tickets, String ticket) {
    return tickets.redeem(ticket).map(Viewers::caller);
  }
}
