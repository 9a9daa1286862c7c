package jp.oqsgateway.gateway.health;

import io.vertx.core.Future;

/** One dependency that must be up for the gateway to be ready. */
public interface HealthCheck {
  /** Stable lowercase name, shown in {@code /health/ready} and used as a metric label. */
  String name();

  /** Probes the dependency; a failed future counts as down with its message as the reason. */
  Future<CheckResult> check();
}
