package jp.oqsgateway.gateway.http.reception;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.EnumSet;
import java.util.Set;
import jp.oqsgateway.gateway.http.Problems;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.MintedToken;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.http.auth.SignInAttempts;
import jp.oqsgateway.gateway.http.auth.TokenIssuer;
import jp.oqsgateway.gateway.reception.DeskCodes;
import jp.oqsgateway.gateway.reception.ReceptionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/reception/sessions}: a desk signs in with its code and gets a reception token
 * limited to that desk ({@code desks} claim), valid {@code reception.session-ttl}. An unknown desk
 * and a wrong code get the same 401; refused sign-ins are limited per address ({@link
 * SignInAttempts}). Every sign-in is logged with its desk and outcome, never the code.
 */
public final class ReceptionSessionHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ReceptionSessionHandlers.class);

  /** Refused sign-ins one address may make per minute. */
  public static final int REFUSED_PER_MINUTE = 5;

  private final Vertx vertx;
  private final DeskCodes codes;
  private final TokenIssuer issuer;
  private final ReceptionConfig config;
  private final SignInAttempts attempts;

  public ReceptionSessionHandlers(
      Vertx vertx,
      DeskCodes codes,
      TokenIssuer issuer,
      ReceptionConfig config,
      SignInAttempts attempts) {
    this.vertx = vertx;
    this.codes = codes;
    this.issuer = issuer;
    this.config = config;
    this.attempts = attempts;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("createReceptionSession").addHandler(attempts.gate()).addHandler(this::signIn);
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    String desk = body.getString("desk");
    String code = body.getString("code");
    vertx
        .executeBlocking(
            () ->
                codes.matches(desk, code)
                    ? issuer.mint(
                        "desk:" + desk,
                        EnumSet.of(Role.RECEPTION),
                        config.sessionTtl(),
                        Set.of(desk))
                    : null,
            false)
        .onSuccess(token -> answer(ctx, desk, token))
        .onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, String desk, MintedToken token) {
    if (token == null) {
      LOG.atInfo().addKeyValue("desk", desk).addKeyValue("outcome", "refused").log("desk sign-in");
      Problems.send(
          ctx,
          Problems.of(
              401,
              "sign-in-refused",
              "Sign-in refused",
              "the desk and code do not match a desk's sign-in code",
              null));
      return;
    }
    LOG.atInfo()
        .addKeyValue("desk", desk)
        .addKeyValue("outcome", "signed-in")
        .addKeyValue("tokenId", token.id())
        .log("desk sign-in");
    // no-store, as on every response (SecurityHeaders)
    ctx.response().setStatusCode(201);
    ctx.json(
        new JsonObject()
            .put("token", token.token())
            .put("desk", desk)
            .put("expiresAt", token.expiresAt().toString()));
  }
}
