package jp.oqsgateway.gateway.http.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * Who may call an API operation. A token lists its roles in the {@value #CLAIM} claim, e.g. {@code
 * "roles": ["chart"]}; {@link #ADMIN} satisfies every requirement.
 */
public enum Role {
  /** A chart system (電子カルテ, レセコン) calling the API machine-to-machine. */
  CHART,
  /** Reception staff screens. */
  RECEPTION,
  /** Doctors and nurses. */
  CLINICIAN,
  /** Operators: status, diagnostics, re-sending. */
  OPS,
  /**
   * A reader agent on a reception PC: may only open the agent link (docs/AGENT-PROTOCOL.md); the
   * token's subject is the agent id. No API operation admits it.
   */
  AGENT,
  /** Everything, including what the other roles may do. */
  ADMIN;

  /** The claim that carries the roles: an array of lowercase role names. */
  public static final String CLAIM = "roles";

  /** The name in tokens and on the command line, e.g. {@code chart}. */
  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role with this claim value, if there is one (exact, lowercase). */
  public static Optional<Role> fromClaim(String value) {
    for (Role r : values()) {
      if (r.claimValue().equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
