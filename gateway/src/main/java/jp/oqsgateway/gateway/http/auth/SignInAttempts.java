package jp.oqsgateway.gateway.http.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jp.oqsgateway.gateway.http.Problems;

/**
 * Refused sign-ins per network address: {@code perMinute} at once, refilled over a minute; one more
 * is answered {@code 429} with {@code Retry-After} before its code is even checked. Successful
 * sign-ins are not counted. Addresses are the socket's, as for {@link ClientLimits}.
 */
public final class SignInAttempts {
  private final TokenBuckets refusedByAddress;
  private final Counter limited;

  public SignInAttempts(int perMinute, MeterRegistry registry) {
    this.refusedByAddress = new TokenBuckets(perMinute, perMinute / 60.0, System::nanoTime);
    this.limited =
        Counter.builder("oqsgw.api.rate.limited")
            .description("API requests refused with 429, by the limit they hit")
            .tag("limit", "sign-in")
            .register(registry);
  }

  /** Refuses an address with too many refused sign-ins; counts this one if it ends 401. */
  public Handler<RoutingContext> gate() {
    return ctx -> {
      var remote = ctx.request().remoteAddress();
      String address = remote == null ? "-" : remote.hostAddress();
      long wait = refusedByAddress.peek(address);
      if (wait > 0) {
        limited.increment();
        ctx.response().putHeader("Retry-After", Long.toString(wait));
        Problems.send(
            ctx,
            Problems.of(
                429,
                "rate-limited",
                "Too many requests",
                "too many refused sign-ins from this address; wait before trying again",
                null));
        return;
      }
      ctx.addHeadersEndHandler(
          v -> {
            if (ctx.response().getStatusCode() == 401) {
              refusedByAddress.take(address);
            }
          });
      ctx.next();
    };
  }
}
