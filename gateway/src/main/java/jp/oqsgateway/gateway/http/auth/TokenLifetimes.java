package jp.oqsgateway.gateway.http.auth;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The longest lifetime ({@code exp - iat}) a token may have, per role: configured ({@code
 * auth.max-lifetime.<role>}) but never above the {@linkplain #ceiling ceilings} written here. A
 * token carrying several roles gets the shortest of their lifetimes. Enforced when minting ({@link
 * TokenIssuer}) and when verifying ({@link TokenVerifier}), so a token signed elsewhere (a trusted
 * key, HS256) is held to the same rule.
 */
public final class TokenLifetimes {
  private static final Map<Role, Duration> CEILINGS = new EnumMap<>(Role.class);
  private static final Map<Role, Duration> DEFAULTS = new EnumMap<>(Role.class);

  static {
    // Admin tokens open everything: a day, renewed by whoever needs one that day.
    limit(Role.ADMIN, Duration.ofDays(1), Duration.ofDays(7));
    // Operators' tokens: a month, as a rota changes.
    limit(Role.OPS, Duration.ofDays(30), Duration.ofDays(90));
    // Systems configured once: a year, renewed at the yearly maintenance visit.
    limit(Role.CHART, Duration.ofDays(365), Duration.ofDays(730));
    limit(Role.RECEPTION, Duration.ofDays(365), Duration.ofDays(730));
    limit(Role.CLINICIAN, Duration.ofDays(365), Duration.ofDays(730));
    // An agent token sits on a reception PC that may be stolen; it can only report card events for
    // the desks named in it, and is revoked by subject with the PC. A year matches re-enrolment at
    // the yearly maintenance visit without a technician at every desk more often.
    limit(Role.AGENT, Duration.ofDays(365), Duration.ofDays(730));
  }

  private static void limit(Role role, Duration byDefault, Duration ceiling) {
    DEFAULTS.put(role, byDefault);
    CEILINGS.put(role, ceiling);
  }

  private final Map<Role, Duration> max;

  /**
   * @throws IllegalArgumentException when a role is missing or above its ceiling
   */
  public TokenLifetimes(Map<Role, Duration> max) {
    EnumMap<Role, Duration> copy = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      Duration d = max.get(role);
      if (d == null) {
        throw new IllegalArgumentException("no maximum lifetime for role " + role.claimValue());
      }
      if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(ceiling(role)) > 0) {
        throw new IllegalArgumentException(
            "maximum lifetime of role "
                + role.claimValue()
                + " must be between 1m and "
                + ceiling(role).toDays()
                + "d");
      }
      copy.put(role, d);
    }
    this.max = Collections.unmodifiableMap(copy);
  }

  /** The lifetimes the gateway ships with. */
  public static TokenLifetimes defaults() {
    return new TokenLifetimes(DEFAULTS);
  }

  /** The hard limit of a role's maximum lifetime, whatever the configuration says. */
  public static Duration ceiling(Role role) {
    return CEILINGS.get(role);
  }

  /** The shipped maximum lifetime of a role. */
  public static Duration byDefault(Role role) {
    return DEFAULTS.get(role);
  }

  /** The configured maximum lifetime of one role. */
  public Duration of(Role role) {
    return max.get(role);
  }

  /**
   * The longest lifetime a token with these roles may have: the shortest of theirs; with no known
   * role, the shortest of all.
   */
  public Duration forRoles(Set<Role> roles) {
    Set<Role> counted = roles.isEmpty() ? max.keySet() : roles;
    return counted.stream().map(max::get).min(Duration::compareTo).orElseThrow();
  }

  /** The longest lifetime any token may have: the maximum of every role's. */
  public Duration longest() {
    return max.values().stream().max(Duration::compareTo).orElseThrow();
  }

  /** "1d", "30d", "12h", "90m": how the command line and the docs write lifetimes. */
  static String text(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + "h";
    }
    return d.toMinutes() + "m";
  }
}
