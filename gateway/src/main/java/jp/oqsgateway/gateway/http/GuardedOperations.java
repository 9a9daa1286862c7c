package jp.oqsgateway.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.auth.ClientLimits;
import jp.oqsgateway.gateway.http.auth.Role;

/**
 * Deny by default, bound to the route that runs the handler. Every operation of the OpenAPI
 * document gets, on its own route and before the handlers of {@link ApiOperations}:
 *
 * <ol>
 *   <li>the operation's name for the access log, and {@code Connection: close} on a refusal whose
 *       body was never read;
 *   <li>the guard: refused-token limit by address, the token, the roles of {@code x-roles}, the
 *       subject's request rate (an operation with {@code security: []} is public and skips these);
 *   <li>the body, read only now (after the caller is known), up to the size limit;
 *   <li>validation against the document ({@link RequestValidation}: on the event loop, with
 *       validators made at start).
 * </ol>
 *
 * Because the guard sits on the very route whose handlers answer, any spelling of a path that the
 * router matches to an operation (trailing slash, dot segments, …) meets that operation's guard;
 * anything it does not match never reaches a handler. A guarded operation without {@code x-roles},
 * or an operation without a handler, stops the start.
 */
final class GuardedOperations {
  static final String ROLES_EXTENSION = "x-roles";
  static final String TICKET_EXTENSION = "x-ticket";
  static final String WEBSOCKET_EXTENSION = "x-websocket";

  private GuardedOperations() {}

  /** Puts the handlers above first on every operation's route; call before registering others. */
  static void install(
      Vertx vertx,
      RouterBuilder builder,
      ApiContract contract,
      ApiAuth auth,
      ClientLimits limits,
      int maxBodyBytes) {
    RequestValidation validation = RequestValidation.prepare(vertx, contract);
    RequestExtractor extractor = RequestExtractor.withBodyHandler();
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation op = route.getOperation();
      route.setDoSecurity(false).setDoValidation(false); // both done here, in this order
      route.addHandler(entry(op.getOperationId()));
      if (!isExplicitlyPublic(op)) {
        route.addHandler(limits.addressGate());
        route.addHandler(
            acceptsTicket(op)
                ? auth.requireRolesOrTicket(roles(op))
                : auth.requireRoles(roles(op)));
        route.addHandler(limits.subjectGate());
      }
      if (isWebSocket(op)) {
        continue; // an upgrade has no body to read, and reading it would spoil the upgrade
      }
      // Wrapped: Vert.x insists on a BodyHandler before every "user" handler, which is exactly what
      // this order avoids (the guard pauses the request until the caller is known).
      route.addHandler(ctx -> body.handle(ctx));
      route.addHandler(validation(extractor, validation, op));
    }
  }

  /** The handlers {@link #install} put on each route: an operation needs more to answer. */
  static void requireHandlers(RouterBuilder builder) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation op = route.getOperation();
      int own = (isExplicitlyPublic(op) ? 1 : 4) + (isWebSocket(op) ? 0 : 2);
      if (route.getHandlers().size() <= own) {
        throw new IllegalStateException(
            "operation " + op.getOperationId() + " of the OpenAPI document has no handler");
      }
    }
  }

  private static Handler<RoutingContext> entry(String operationId) {
    return ctx -> {
      ctx.put(RequestLogHandler.OPERATION_KEY, operationId);
      ctx.addHeadersEndHandler(
          v -> {
            // Refused before its body was read: the connection cannot carry another request.
            if (!ctx.request().isEnded() && ctx.response().getStatusCode() >= 400) {
              ctx.response().putHeader("Connection", "close");
            }
          });
      ctx.next();
    };
  }

  private static Handler<RoutingContext> validation(
      RequestExtractor extractor, RequestValidation validation, Operation op) {
    return ctx ->
        extractor
            .extractValidatableRequest(ctx, op)
            .compose(request -> validation.validate(request, op))
            .onSuccess(
                validated -> {
                  ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
                  ctx.next();
                })
            .onFailure(
                e ->
                    ctx.fail(
                        e instanceof ValidatorException
                            ? new HttpException(400, e.getMessage(), e)
                            : e));
  }

  /**
   * {@code security: []} on the operation itself; an operation without it inherits the global one.
   */
  private static boolean isExplicitlyPublic(Operation op) {
    var declared = op.getOpenAPIModel().getJsonArray("security");
    return declared != null && declared.isEmpty();
  }

  /**
   * {@code x-websocket: true}: a WebSocket upgrade (docs/LIVE.md), guarded like any operation but
   * neither body-read nor validated, which would consume the request the upgrade needs; its handler
   * refuses anything but an upgrade.
   */
  private static boolean isWebSocket(Operation op) {
    return Boolean.TRUE.equals(op.getExtensions().get(WEBSOCKET_EXTENSION));
  }

  /**
   * {@code x-ticket: true}: the guard also accepts a single-use ticket in the {@code ticket} query
   * parameter (docs/LIVE.md), for clients that cannot set a header.
   */
  private static boolean acceptsTicket(Operation op) {
    return Boolean.TRUE.equals(op.getExtensions().get(TICKET_EXTENSION));
  }

  private static Role[] roles(Operation op) {
    Object declared = op.getExtensions().get(ROLES_EXTENSION);
    if (!(declared instanceof Iterable<?> names)) {
      throw new IllegalStateException(
          "operation "
              + op.getOperationId()
              + " states no "
              + ROLES_EXTENSION
              + " in the OpenAPI document");
    }
    List<Role> roles = new ArrayList<>();
    for (Object name : names) {
      roles.add(
          Role.fromClaim(String.valueOf(name))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          op.getOperationId()
                              + ": unknown role "
                              + name
                              + " in "
                              + ROLES_EXTENSION)));
    }
    if (roles.isEmpty()) {
      throw new IllegalStateException(
          "operation " + op.getOperationId() + " lists no role in " + ROLES_EXTENSION);
    }
    return roles.toArray(Role[]::new);
  }
}
