package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What every API handler reads from a request the router has already validated against the OpenAPI
 * document (so a parameter the schema requires is present and has its type), and the one way a
 * handler answers a created or accepted resource.
 */
public final class Requests {
  private Requests() {}

  /** The request as the router validated it. */
  public static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  /** The validated JSON body. */
  public static JsonObject body(RoutingContext ctx) {
    return validated(ctx).getBody().getJsonObject();
  }

  /** A path parameter as text. */
  public static String path(RoutingContext ctx, String name) {
    return validated(ctx).getPathParameters().get(name).getString();
  }

  /** A path parameter the schema declares as a UUID. */
  public static UUID pathId(RoutingContext ctx, String name) {
    return UUID.fromString(path(ctx, name));
  }

  /** A query parameter as text; empty when the caller left it out. */
  public static Optional<String> query(RoutingContext ctx, String name) {
    var v = validated(ctx).getQuery().get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.getString());
  }

  /** An integer query parameter; empty when the caller left it out. */
  public static Optional<Integer> queryInt(RoutingContext ctx, String name) {
    var v = validated(ctx).getQuery().get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.getInteger());
  }

  /** Each item as JSON, in order. */
  public static <T> JsonArray array(Collection<T> items, Function<T, JsonObject> json) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(json.apply(item)));
    return array;
  }

  /** Answers {@code status} with the resource's {@code Location} and its JSON. */
  public static Future<Void> answerAt(
      RoutingContext ctx, int status, String location, JsonObject json) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Location", location)
        .putHeader("Content-Type", "application/json")
        .end(json.encode());
  }
}
