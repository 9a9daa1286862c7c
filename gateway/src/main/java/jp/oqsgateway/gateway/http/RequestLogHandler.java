package jp.oqsgateway.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import jp.oqsgateway.gateway.logging.AccessLogQueue;
import jp.oqsgateway.gateway.logging.LogFields;
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

  private static final String STARTED_KEY = "oqsgw.started";
  private static final String SERVER_KEY = "oqsgw.server";

  private static final Logger LOG = LoggerFactory.getLogger(AccessLogQueue.LOGGER);

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
    ctx.put(SERVER_KEY, server);
    RequestIds.acceptable(ctx.request().getHeader(RequestIds.HEADER))
        .ifPresent(theirs -> ctx.put(CLIENT_REQUEST_ID_KEY, theirs));
    ctx.response().putHeader(RequestIds.HEADER, id);
    long started = System.nanoTime();
    ctx.put(STARTED_KEY, started);
    ctx.addEndHandler(done -> log(ctx, ctx.response().getStatusCode()));
    ctx.next();
  }

  /**
   * The access-log line of a request upgraded to a WebSocket (status 101), whose response never
   * ends as others do.
   */
  public static void upgraded(RoutingContext ctx) {
    log(ctx, 101);
  }

  private static void log(RoutingContext ctx, int status) {
    Route route = ctx.currentRoute();
    String operation = ctx.get(OPERATION_KEY);
    Long started = ctx.get(STARTED_KEY);
    LOG.atInfo()
        // The line is written on the access log's own thread, outside the request's context.
        .addKeyValue(LogFields.REQUEST_ID, ctx.<String>get(REQUEST_ID_KEY))
        .addKeyValue("host", ctx.<String>get(SERVER_KEY))
        .addKeyValue("method", ctx.request().method().name())
        .addKeyValue("route", route == null || route.getPath() == null ? "-" : route.getPath())
        .addKeyValue("operation", operation == null ? "-" : operation)
        .addKeyValue("status", status)
        .addKeyValue("durationMs", started == null ? 0 : (System.nanoTime() - started) / 1_000_000)
        .addKeyValue("bytes", ctx.response().bytesWritten())
        .log("http request");
  }
}
