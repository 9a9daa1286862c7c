package jp.oqsgateway.gateway.http.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

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
    this.limited = ClientLimits.counter(registry, "sign-in");
  }

  /** Refuses an address with too many refused sign-ins; counts this one if it ends 401. */
  public Handler<RoutingContext> gate() {
    return ClientLimits.heldOffOn401(
        refusedByAddress,
        limited,
        "too many refused sign-ins from this address; wait before trying again");
  }
}
