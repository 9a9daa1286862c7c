package jp.oqsgateway.gateway.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every registered check concurrently, each bounded by a timeout, and reports the whole as
 * JSON. Changes of a check's state are logged once, and each check's state is a gauge ({@code
 * oqsgw_dependency_up{check="database"}}) so dashboards and alerts see what the readiness probe
 * sees.
 *
 * <p>"Ready" also means every server listens: until {@link #serving} is told so (once the gateway's
 * start has opened every port) and again from the moment the gateway stops, the report is DOWN with
 * an entry {@value #SERVERS} saying why, so neither a load balancer nor systemd sends traffic to a
 * port that still refuses it.
 */
public final class Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  /** The report's entry while not every server listens. */
  public static final String SERVERS = "servers";

  private final Duration timeout;
  private final List<HealthCheck> checks = new ArrayList<>();
  private final Map<String, Boolean> lastState = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private volatile boolean serving;

  public Readiness(Duration timeout, MeterRegistry registry) {
    this.timeout = timeout;
    this.registry = registry;
  }

  public synchronized Readiness register(HealthCheck check) {
    checks.add(check);
    Gauge.builder(
            "oqsgw.dependency.up", lastState, m -> m.getOrDefault(check.name(), false) ? 1 : 0)
        .description("1 when the dependency passed its last readiness check")
        .tag("check", check.name())
        .strongReference(true)
        .register(registry);
    return this;
  }

  /**
   * Evaluates now and then every {@code every}, so that {@code oqsgw_dependency_up} follows the
   * dependencies even when nothing probes {@code /health/ready}; the timer to cancel on stop.
   */
  public long evaluateEvery(Vertx vertx, Duration every) {
    evaluate().await();
    return vertx.setPeriodic(every.toMillis(), id -> evaluate());
  }

  /** Every server listens ({@code true}, at the end of the start) or is about to stop. */
  public void serving(boolean serving) {
    this.serving = serving;
  }

  /** {@code {"status":"UP"|"DOWN","checks":[{"name","status","reason","details"}...]}}. */
  public Future<JsonObject> evaluate() {
    List<HealthCheck> snapshot;
    synchronized (this) {
      snapshot = List.copyOf(checks);
    }
    List<Future<JsonObject>> results = new ArrayList<>();
    for (HealthCheck check : snapshot) {
      results.add(run(check));
    }
    return Future.join(results)
        .transform(
            ignored -> {
              JsonArray array = new JsonArray();
              boolean allUp = true;
              for (Future<JsonObject> f : results) {
                array.add(f.result());
                allUp &= "UP".equals(f.result().getString("status"));
              }
              if (!serving) {
                array.add(
                    new JsonObject()
                        .put("name", SERVERS)
                        .put("status", "DOWN")
                        .put(
                            "reason", "the gateway is starting or stopping: not every port listens")
                        .put("details", new JsonObject()));
                allUp = false;
              }
              return Future.succeededFuture(
                  new JsonObject().put("status", allUp ? "UP" : "DOWN").put("checks", array));
            });
  }

  private Future<JsonObject> run(HealthCheck check) {
    Future<CheckResult> probe;
    try {
      probe = check.check();
    } catch (RuntimeException e) {
      probe = Future.failedFuture(e);
    }
    return probe
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .otherwise(
            e ->
                CheckResult.down(
                    e instanceof java.util.concurrent.TimeoutException
                        ? "no answer within " + timeout.toMillis() + " ms"
                        : String.valueOf(e.getMessage()),
                    new JsonObject()))
        .map(
            r -> {
              remember(check.name(), r);
              return new JsonObject()
                  .put("name", check.name())
                  .put("status", r.up() ? "UP" : "DOWN")
                  .put("reason", r.reason())
                  .put("details", r.details());
            });
  }

  private void remember(String name, CheckResult r) {
    Boolean previous = lastState.put(name, r.up());
    if (previous == null || previous != r.up()) {
      var event = r.up() ? LOG.atInfo() : LOG.atWarn();
      event
          .addKeyValue("check", name)
          .addKeyValue("reason", r.reason())
          .log(r.up() ? "dependency up" : "dependency down");
    }
  }
}
