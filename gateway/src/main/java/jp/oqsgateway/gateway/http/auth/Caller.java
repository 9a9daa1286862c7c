package jp.oqsgateway.gateway.http.auth;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * The authenticated caller of an API request, as established by {@link ApiAuth}. Holds no token, so
 * it may be logged: the subject names a system or a staff account, never a patient.
 *
 * @param subject the token's {@code sub}, e.g. {@code karte-01}
 * @param roles the known roles the token carries (unknown role names are ignored)
 * @param tokenId the token's {@code jti} (every verified token has one)
 * @param issuedAt the token's {@code iat}
 * @param expiresAt the token's {@code exp}
 * @param desks the {@code desks} claim: the reception desks an agent token may report for, or the
 *     desks a reception token is limited to (empty: every desk, as for every other role)
 */
public record Caller(
    String subject,
    Set<Role> roles,
    String tokenId,
    Instant issuedAt,
    Instant expiresAt,
    Set<String> desks) {
  static final String CONTEXT_KEY = "oqsgw.caller";

  /** The caller when {@code auth.enabled} is false: every role, never expires. */
  public static final Caller ANONYMOUS =
      new Caller("anonymous", EnumSet.allOf(Role.class), "", Instant.EPOCH, Instant.MAX, Set.of());

  public Caller {
    EnumSet<Role> copy = EnumSet.noneOf(Role.class);
    copy.addAll(roles);
    roles = Collections.unmodifiableSet(copy);
    desks = Set.copyOf(desks);
  }

  /** A caller without desks, issued at the epoch (tests and callers that need no more). */
  public Caller(String subject, Set<Role> roles, String tokenId, Instant expiresAt) {
    this(subject, roles, tokenId, Instant.EPOCH, expiresAt, Set.of());
  }

  /**
   * Whether the caller may see this desk's cards and checks: a token without desks sees every desk.
   */
  public boolean maySeeDesk(String desk) {
    return desks.isEmpty() || desks.contains(desk);
  }

  /**
   * Refuses a desk the caller may not see.
   *
   * @throws Rejection 403 {@code desk-not-allowed} naming the field {@code desk}
   */
  public void requireDesk(String desk) {
    if (!maySeeDesk(desk)) {
      throw Rejection.of(
              Rejection.Kind.FORBIDDEN,
              "desk-not-allowed",
              "Desk not allowed",
              "desk: this token is limited to the desks " + String.join(", ", desks))
          .onField("desk");
    }
  }

  /**
   * Refuses what belongs to a desk the caller may not see: a caller limited to desks sees only what
   * belongs to one of them, and what belongs to no desk (a chart system's check) to none of them.
   *
   * @throws Rejection 403 {@code desk-not-allowed} naming the field {@code desk}
   */
  public void requireDeskOf(Optional<String> desk) {
    if (!desks.isEmpty()) {
      requireDesk(desk.orElse(""));
    }
  }

  /** True when the caller has one of the roles, or is {@link Role#ADMIN}. */
  public boolean hasAnyOf(Set<Role> required) {
    return roles.contains(Role.ADMIN) || required.stream().anyMatch(roles::contains);
  }

  /**
   * The caller of a request that passed {@link ApiAuth#requireRoles}.
   *
   * @throws IllegalStateException when the route has no {@code requireRoles} handler before this
   *     one (a wiring mistake, answered 500 by the failure handler)
   */
  public static Caller of(RoutingContext ctx) {
    return find(ctx)
        .orElseThrow(
            () -> new IllegalStateException("route has no ApiAuth.requireRoles handler before it"));
  }

  /** The caller, or empty when the request was not authenticated. */
  public static Optional<Caller> find(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(CONTEXT_KEY));
  }
}
