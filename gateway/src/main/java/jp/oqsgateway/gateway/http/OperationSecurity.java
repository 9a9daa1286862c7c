package jp.oqsgateway.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.auth.Role;

/**
 * Enforces the roles each operation states in the OpenAPI document ({@code x-roles}), before the
 * request is validated, so the document is the one place where "who may call this" is written. An
 * operation with {@code security: []} is public; any other operation without {@code x-roles} is
 * refused at start, so a new operation cannot be exposed by forgetting its roles.
 */
final class OperationSecurity implements Handler<RoutingContext> {
  static final String ROLES_EXTENSION = "x-roles";

  private final Map<String, Handler<RoutingContext>> guards = new HashMap<>();
  private final OpenAPIContract contract;

  /**
   * Runs as a root handler of the router builder, which sits on a catch-all route in front of the
   * operation routes, so the operation is found from the request's path and method.
   */
  OperationSecurity(RouterBuilder builder, OpenAPIContract contract, ApiAuth auth) {
    this.contract = contract;
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation op = route.getOperation();
      route.setDoSecurity(false); // enforced here, with the project's problem responses
      if (isExplicitlyPublic(op)) {
        continue;
      }
      guards.put(op.getOperationId(), auth.requireRoles(roles(op)));
    }
  }

  /**
   * {@code security: []} on the operation itself; an operation without it inherits the global one.
   */
  private static boolean isExplicitlyPublic(Operation op) {
    var declared = op.getOpenAPIModel().getJsonArray("security");
    return declared != null && declared.isEmpty();
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
    return roles.toArray(Role[]::new);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation op = contract.findOperation(ctx.normalizedPath(), ctx.request().method());
    if (op != null) {
      ctx.put(RequestLogHandler.OPERATION_KEY, op.getOperationId());
    }
    Handler<RoutingContext> guard = op == null ? null : guards.get(op.getOperationId());
    if (guard == null) {
      ctx.next(); // public, or no such operation (the router answers 404/405 as a problem)
    } else {
      guard.handle(ctx);
    }
  }
}
