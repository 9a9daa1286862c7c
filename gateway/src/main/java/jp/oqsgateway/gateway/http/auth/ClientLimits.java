package jp.oqsgateway.gateway.http.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jp.oqsgateway.gateway.http.Problems;

/**
 * Per-client limits of the API, answered {@code 429} with {@code Retry-After}:
 *
 * <ul>
 *   <li>by token subject: a chart system stuck in a loop cannot starve the reception desks;
 *   <li>by network address, for refused tokens only: a PC guessing or replaying tokens is slowed
 *       down before its next try is even verified, while a well-behaved client on the same address
 *       is not counted.
 * </ul>
 *
 * Addresses are not trusted from headers ({@code X-Forwarded-For} is a client's word): the gateway
 * sits on the clinic LAN without a proxy in front.
 */
public final class ClientLimits {
  /**
   * @param requestsPerSecond sustained requests per token subject
   * @param burst requests a subject may make at once above that
   * @param authFailuresPerMinute refused tokens one address may present per minute
   */
  public record Config(int requestsPerSecond, int burst, int authFailuresPerMinute) {}

  private final TokenBuckets bySubject;
  private final TokenBuckets failuresByAddress;
  private final Counter subjectLimited;
  private final Counter addressLimited;

  public ClientLimits(Config config, MeterRegistry registry) {
    this.bySubject = new TokenBuckets(config.burst(), config.requestsPerSecond(), System::nanoTime);
    this.failuresByAddress =
        new TokenBuckets(
            config.authFailuresPerMinute(),
            config.authFailuresPerMinute() / 60.0,
            System::nanoTime);
    this.subjectLimited = counter(registry, "subject");
    this.addressLimited = counter(registry, "auth-failures");
  }

  static Counter counter(MeterRegistry registry, String limit) {
    return Counter.builder("oqsgw.api.rate.limited")
        .description("API requests refused with 429, by the limit they hit")
        .tag("limit", limit)
        .register(registry);
  }

  /**
   * Runs before the token is verified: refuses an address that presented too many refused tokens,
   * and counts this request against it if it ends 401.
   */
  public Handler<RoutingContext> addressGate() {
    return heldOffOn401(
        failuresByAddress,
        addressLimited,
        "too many refused tokens from this address; wait before trying again");
  }

  /**
   * Refuses (429) an address whose bucket in {@code byAddress} is empty, and takes from it when
   * this request ends 401.
   */
  static Handler<RoutingContext> heldOffOn401(
      TokenBuckets byAddress, Counter limited, String detail) {
    return ctx -> {
      String address = address(ctx);
      long wait = byAddress.peek(address);
      if (wait > 0) {
        limited.increment();
        tooMany(ctx, wait, detail);
        return;
      }
      ctx.addHeadersEndHandler(
          v -> {
            if (ctx.response().getStatusCode() == 401) {
              byAddress.take(address);
            }
          });
      ctx.next();
    };
  }

  /** Runs after the token is verified: the caller's subject may go on at its rate. */
  public Handler<RoutingContext> subjectGate() {
    return ctx -> {
      long wait = bySubject.take(Caller.of(ctx).subject());
      if (wait > 0) {
        subjectLimited.increment();
        tooMany(ctx, wait, "this caller exceeds its request rate; wait before trying again");
        return;
      }
      ctx.next();
    };
  }

  private static String address(RoutingContext ctx) {
    var remote = ctx.request().remoteAddress();
    return remote == null ? "-" : remote.hostAddress();
  }

  private static void tooMany(RoutingContext ctx, long waitSeconds, String detail) {
    ctx.response().putHeader("Retry-After", Long.toString(waitSeconds));
    Problems.send(ctx, Problems.of(429, "rate-limited", "Too many requests", detail, null));
  }
}
