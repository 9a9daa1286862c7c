package jp.oqsgateway.gateway.health;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of one check.
 *
 * @param up whether the dependency is usable
 * @param reason one line for an operator; never patient data
 * @param details small machine-readable facts (sizes, versions, paths)
 */
public record CheckResult(boolean up, String reason, JsonObject details) {
  public static CheckResult up(String reason, JsonObject details) {
    return new CheckResult(true, reason, details);
  }

  public static CheckResult down(String reason, JsonObject details) {
    return new CheckResult(false, reason, details);
  }
}
