package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one error body of the API, RFC 9457 {@code application/problem+json}: type, title, status,
 * detail and, for bad input, the field and the rule it broke. Texts never contain patient data.
 */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://oqs-gateway.example/problems/";

  private Problems() {}

  /**
   * A problem document.
   *
   * @param slug short stable identifier, e.g. {@code not-found}; becomes the type URI
   * @param field the invalid field, or null
   */
  public static JsonObject of(int status, String slug, String title, String detail, String field) {
    JsonObject body =
        new JsonObject()
            .put("type", TYPE_BASE + slug)
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    if (field != null) {
      body.put("field", field);
    }
    return body;
  }

  /** 404: nothing here; {@code detail} says what was looked for. */
  public static JsonObject notFound(String detail, String field) {
    return of(404, "not-found", "Not found", detail, field);
  }

  /** Ends the response with the problem unless it was already ended. */
  public static Future<Void> send(RoutingContext ctx, JsonObject problem) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return Future.succeededFuture();
    }
    if (response.headWritten()) {
      // Too late for a status line: cut the stream so the client sees a failure, not a truncated
      // 200.
      return response.reset();
    }
    String requestId = ctx.get(RequestLogHandler.REQUEST_ID_KEY);
    if (requestId != null) {
      problem.put("requestId", requestId);
    }
    return response
        .setStatusCode(problem.getInteger("status"))
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(problem.encode());
  }
}
