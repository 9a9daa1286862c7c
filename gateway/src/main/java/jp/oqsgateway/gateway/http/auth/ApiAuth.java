package jp.oqsgateway.gateway.http.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import jp.oqsgateway.gateway.http.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route guards of the API. Each operation states its roles:
 *
 * <pre>{@code
 * router.post("/api/v1/qualifications").handler(auth.requireRoles(Role.CHART, Role.RECEPTION))
 *     .handler(...);
 * }</pre>
 *
 * The guard reads {@code Authorization: Bearer <token>}, verifies it, checks the roles ({@link
 * Role#ADMIN} always passes) and makes the {@link Caller} available through {@link
 * Caller#of(RoutingContext)}. It answers 401 with {@code WWW-Authenticate: Bearer} for a missing,
 * malformed, untrusted or expired token and 403 for a valid token without the role, as the API's
 * problem document whose detail names the rule. Tokens and headers are never logged.
 */
public final class ApiAuth {
  private static final Logger LOG = LoggerFactory.getLogger(ApiAuth.class);
  private static final String REALM = "oqs-gateway";

  private final TokenVerifier verifier;

  /** Redeems a single-use ticket ({@code POST /api/v1/ws-tickets}); null: tickets not accepted. */
  private final Function<String, Optional<Caller>> tickets;

  private ApiAuth(TokenVerifier verifier) {
    this(verifier, null);
  }

  private ApiAuth(TokenVerifier verifier, Function<String, Optional<Caller>> tickets) {
    this.verifier = verifier;
    this.tickets = tickets;
  }

  /**
   * These guards, also accepting a single-use ticket in the {@code ticket} query parameter on the
   * operations the document marks {@code x-ticket: true} ({@link #requireRolesOrTicket}).
   */
  public ApiAuth withTickets(Function<String, Optional<Caller>> redeem) {
    return new ApiAuth(verifier, redeem);
  }

  /**
   * Verifies a token presented otherwise than in the header (a live connection's first message), as
   * the guards do: signature, claims, revocation. With authentication off, the anonymous caller.
   */
  public Future<Caller> verify(String token) {
    return verifier == null ? Future.succeededFuture(Caller.ANONYMOUS) : verifier.verify(token);
  }

  /** Guards that check tokens with this verifier. */
  public static ApiAuth of(TokenVerifier verifier) {
    return new ApiAuth(verifier);
  }

  /**
   * Guards that let every request through as {@link Caller#ANONYMOUS} ({@code auth.enabled=false}).
   */
  public static ApiAuth disabled() {
    return new ApiAuth(null);
  }

  /**
   * The guards for this configuration: reads (and on first start creates) the keys on a worker
   * thread. Call once per gateway and share the result between API verticle instances, so the
   * verified-token cache is shared too and the start-up warnings appear once. Tokens found in
   * {@code revocations} are refused.
   */
  public static Future<ApiAuth> load(Vertx vertx, AuthConfig config, TokenRevocations revocations) {
    if (!config.enabled()) {
      LOG.warn(
          "API authentication is off (auth.enabled=false): every caller has every role; keep"
              + " api.host on 127.0.0.1");
      return Future.succeededFuture(disabled());
    }
    return vertx
        .executeBlocking(() -> TokenVerifier.create(vertx, config, revocations), false)
        .map(
            verifier -> {
              LOG.atInfo().log(
                  "API authentication on: tokens signed {} for issuer {} and audience {}",
                  verifier.algorithms(),
                  config.issuer(),
                  config.audience());
              return of(verifier);
            });
  }

  /**
   * Registers the verified-token cache's meters (at zero when authentication is off, so that the
   * series exist either way).
   */
  public void bindMetrics(MeterRegistry registry) {
    if (verifier != null) {
      verifier.bindMetrics(registry);
    } else {
      TokenVerifier.bindMetrics(registry, ApiAuth.class, c -> 0, c -> 0, c -> 0);
    }
  }

  /** True when tokens are checked. */
  public boolean enabled() {
    return verifier != null;
  }

  /**
   * A handler that lets the request on only with a valid token carrying one of these roles (or
   * admin).
   */
  public Handler<RoutingContext> requireRoles(Role... roles) {
    if (roles.length == 0) {
      throw new IllegalArgumentException("state at least one role");
    }
    Set<Role> required = EnumSet.copyOf(Arrays.asList(roles));
    String rule = ruleFor(required);
    if (verifier == null) {
      return ctx -> {
        ctx.put(Caller.CONTEXT_KEY, Caller.ANONYMOUS);
        ctx.next();
      };
    }
    return ctx -> {
      String token = bearerToken(ctx.request().getHeader("Authorization"));
      if (token == null) {
        unauthorized(ctx, AuthenticationFailure.MISSING, false);
        return;
      }
      // The body is read only once the caller is known: hold it back while the token is checked.
      ctx.request().pause();
      verifier
          .verify(token)
          .onComplete(
              done -> {
                if (done.failed()
                    && done.cause() instanceof AuthenticationFailure f
                    && f.isUnavailable()) {
                  // Not the caller's fault, so not a 401 (nor counted against its address).
                  ctx.response().putHeader("Retry-After", "5");
                  Problems.send(
                      ctx,
                      Problems.of(
                          503,
                          "auth-unavailable",
                          "Authentication unavailable",
                          f.getMessage(),
                          null));
                } else if (done.failed()) {
                  String detail =
                      done.cause() instanceof AuthenticationFailure f
                          ? f.getMessage()
                          : AuthenticationFailure.MALFORMED;
                  LOG.atDebug().addKeyValue("reason", detail).log("token refused");
                  unauthorized(ctx, detail, true);
                } else if (!done.result().hasAnyOf(required)) {
                  LOG.atDebug()
                      .addKeyValue("reason", rule)
                      .log("caller {} lacks the role", done.result().subject());
                  forbidden(ctx, rule);
                } else {
                  ctx.put(Caller.CONTEXT_KEY, done.result());
                  ctx.next();
                }
              });
    };
  }

  /**
   * As {@link #requireRoles}, but a request without an {@code Authorization} header may instead
   * present a single-use ticket in the {@code ticket} query parameter (for a browser's {@code
   * EventSource}, which cannot set headers); the ticket is used up whatever the answer.
   */
  public Handler<RoutingContext> requireRolesOrTicket(Role... roles) {
    Handler<RoutingContext> byToken = requireRoles(roles);
    if (verifier == null || tickets == null) {
      return byToken;
    }
    Set<Role> required = EnumSet.copyOf(Arrays.asList(roles));
    String rule = ruleFor(required);
    return ctx -> {
      String ticket = ctx.request().getParam("ticket");
      if (ctx.request().getHeader("Authorization") != null || ticket == null) {
        byToken.handle(ctx);
        return;
      }
      Optional<Caller> caller = tickets.apply(ticket);
      if (caller.isEmpty()) {
        unauthorized(ctx, "ticket unknown, used or expired: ask POST /api/v1/ws-tickets", true);
      } else if (!caller.get().hasAnyOf(required)) {
        forbidden(ctx, rule);
      } else {
        ctx.put(Caller.CONTEXT_KEY, caller.get());
        ctx.next();
      }
    };
  }

  /** Answers 403: the caller is known but lacks what {@code rule} requires. */
  public static void forbidden(RoutingContext ctx, String rule) {
    Problems.send(ctx, Problems.of(403, "forbidden", "Role not permitted", rule, null));
  }

  /** The token of {@code Bearer <token>} (scheme case-insensitive), or null. */
  static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
      return null;
    }
    String token = value.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  /** "role chart or admin required", "role chart, reception or admin required". */
  static String ruleFor(Set<Role> required) {
    List<String> names = new ArrayList<>();
    required.stream().filter(r -> r != Role.ADMIN).forEach(r -> names.add(r.claimValue()));
    names.add(Role.ADMIN.claimValue());
    String last = names.remove(names.size() - 1);
    String list = names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    return "role " + list.toLowerCase(Locale.ROOT) + " required";
  }

  private static void unauthorized(RoutingContext ctx, String detail, boolean invalidToken) {
    ctx.response()
        .putHeader(
            "WWW-Authenticate",
            "Bearer realm=\"" + REALM + "\"" + (invalidToken ? ", error=\"invalid_token\"" : ""));
    Problems.send(ctx, Problems.of(401, "unauthorized", "Authentication required", detail, null));
  }
}
