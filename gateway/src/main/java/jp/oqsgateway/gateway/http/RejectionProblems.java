package jp.oqsgateway.gateway.http;

import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * The one mapping from domain rejections to problem documents, with the status map of
 * docs/ARCHITECTURE.md: 400 bad input, 403 not for this caller, 404 none, 409 conflict, 502 OQS
 * error, 503 down or overloaded, 504 OQS timeout.
 */
public final class RejectionProblems {
  private RejectionProblems() {}

  public static int status(Rejection.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case OQS_ERROR -> 502;
      case UNAVAILABLE -> 503;
      case OQS_TIMEOUT -> 504;
    };
  }

  public static JsonObject of(Rejection rejection) {
    JsonObject problem =
        Problems.of(
            status(rejection.kind()),
            rejection.slug(),
            rejection.title(),
            rejection.detail(),
            rejection.field());
    rejection.extra().forEach(problem::put);
    return problem;
  }
}
