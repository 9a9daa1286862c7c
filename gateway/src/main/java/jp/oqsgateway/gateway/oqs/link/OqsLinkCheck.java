package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.health.CheckResult;
import jp.oqsgateway.gateway.health.HealthCheck;

/**
 * {@code oqs-link} in {@code /health/ready}: down while the terminal's link program leaves requests
 * lying in {@code req/}; up otherwise (also before the first request, when nothing is known yet).
 */
public final class OqsLinkCheck implements HealthCheck {
  private final OqsLink link;

  public OqsLinkCheck(OqsLink link) {
    this.link = link;
  }

  @Override
  public String name() {
    return "oqs-link";
  }

  @Override
  public Future<CheckResult> check() {
    return link.status()
        .map(
            s -> {
              JsonObject details =
                  new JsonObject().put("state", s.state().name()).put("pending", s.pending());
              s.lastGoodRoundTrip()
                  .ifPresent(d -> details.put("lastGoodRoundTripMs", d.toMillis()));
              s.lastGoodAt().ifPresent(t -> details.put("lastGoodAt", t.toString()));
              s.oldestPendingAge().ifPresent(d -> details.put("oldestPendingAgeMs", d.toMillis()));
              String reason =
                  s.reason()
                      .orElse(
                          s.state() == LinkStatus.State.UNKNOWN
                              ? "no request sent yet"
                              : "requests are picked up");
              return s.down() ? CheckResult.down(reason, details) : CheckResult.up(reason, details);
            });
  }
}
