package jp.oqsgateway.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import jp.oqsgateway.gateway.failure.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every failed route ends as a problem document. Unexpected exceptions are
 * logged with their stack, and the caller gets a generic 500 that reveals nothing internal.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    if (failure instanceof Rejection rejection) {
      rejection
          .retryAfter()
          .ifPresent(d -> ctx.response().putHeader("Retry-After", Long.toString(d.toSeconds())));
      Problems.send(ctx, RejectionProblems.of(rejection));
      return;
    }
    if (failure instanceof AuditUnavailable) {
      LOG.atError()
          .setCause(failure.getCause())
          .log("a read of patient data was refused: no audit");
      ctx.response().putHeader("Retry-After", "5");
      Problems.send(
          ctx,
          Problems.of(
              503,
              "audit-unavailable",
              "Audit unavailable",
              "the read could not be recorded in the audit, so its data is not served; try again",
              null));
      return;
    }
    ValidatorException invalid = validatorCause(failure);
    if (invalid != null) {
      Problems.send(ctx, ValidationProblems.of(invalid));
      return;
    }
    if (status == 413) {
      Problems.send(
          ctx,
          Problems.of(
              413, "body-too-large", "Request body too large", "the body exceeds the limit", null));
      return;
    }
    if (status >= 400 && status < 500) {
      Problems.send(
          ctx, Problems.of(status, "http-" + status, reason(status), reason(status), null));
      return;
    }
    LOG.atError().setCause(failure).addKeyValue("status", 500).log("request failed unexpectedly");
    Problems.send(
        ctx,
        Problems.of(
            500,
            "internal",
            "Internal error",
            "the gateway could not complete the request; see its log for the request id",
            null));
  }

  /** The router reports a refused request as an HttpException(400) caused by the validator. */
  private static ValidatorException validatorCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ValidatorException v) {
        return v;
      }
    }
    return null;
  }

  private static String reason(int status) {
    return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
  }
}
