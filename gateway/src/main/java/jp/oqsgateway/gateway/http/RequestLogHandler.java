package jp.oqsgateway.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import jp.oqsgateway.gateway.logging.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every router: gives the request an id the gateway generates (never the
 * caller's), answers it in {@code X-Request-Id}, keeps the caller's own {@code X-Request-Id} (when
 * it is a plain token) beside it for the audit, and writes one access-log line when the response
 * ends. The line carries the route template and, for API operations, the OpenAPI {@code
 * operationId}, never the raw path or query (which can hold patient identifiers), and no header.
 */
public final class RequestLogHandler implements Handler<RoutingContext> {
  public static final String REQUEST_ID_KEY = "requestId";

  /** Where {@link GuardedOperations} leaves the operationId of the request, once it is known. */
  static final String OPERATION_KEY = "operationId";

  private static final Logger LOG = LoggerFactory.getLogger("jp.oqsgateway.gateway.http.access");

  private final String server;

  /** The caller's own {@code X-Request-Id}, when it sent an acceptable one. */
  public static final String CLIENT_REQUEST_ID_KEY = "clientRequestId";

  public RequestLogHandler(String server) {
    this.server = server;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = RequestIds.newId();
    RequestIds.bind(id);
    ctx.put(REQUEST_ID_KEY, id);
    RequestIds.acceptable(ctx.request().getHeader(RequestIds.HEADER))
        .ifPresent(theirs -> ctx.put(CLIENT_REQUEST_ID_KEY, theirs));
    ctx.response().putHeader(RequestIds.HEADER, id);
    long started = System.nanoTime();
    ctx.addEndHandler(
        done -> {
          Route route = ctx.currentRoute();
          String operation = ctx.get(OPERATION_KEY);
          LOG.atInfo()
              .addKeyValue("host", server)
              .addKeyValue("method", ctx.request().method().name())
              .addKeyValue(
                  "route", route == null || route.getPath() == null ? "-" : route.getPath())
              .addKeyValue("operation", operation == null ? "-" : operation)
              .addKeyValue("status", ctx.response().getStatusCode())
              .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000)
              .addKeyValue("bytes", ctx.response().bytesWritten())
              .log("http request");
        });
    ctx.next();
  }
}
