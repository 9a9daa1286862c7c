package jp.oqsgateway.gateway.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/**
 * The one Prometheus registry of the process, and the Vert.x metrics options that feed it. Labels
 * are bounded: HTTP by route template (never the raw path, which may carry patient ids), method and
 * status code; pools by type and name. Remote addresses and event-bus addresses are not labels.
 */
public final class GatewayMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public MicrometerMetricsFactory factory() {
    return new MicrometerMetricsFactory(registry);
  }

  public MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(
            java.util.EnumSet.of(
                Label.HTTP_ROUTE,
                Label.HTTP_METHOD,
                Label.HTTP_CODE,
                Label.POOL_TYPE,
                Label.POOL_NAME,
                Label.EB_SIDE,
                Label.EB_FAILURE));
  }
}
