package jp.oqsgateway.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.logging.AccessLogQueue;

/**
 * The one Prometheus registry of the process, and the Vert.x metrics options that feed it. Labels
 * are bounded: HTTP by route template (never the raw path, which may carry patient ids), method and
 * status code; pools by type and name. Remote addresses and event-bus addresses are not labels.
 */
public final class GatewayMetrics {
  /**
   * HTTP server response time buckets: the API's reads answer in milliseconds, a qualification
   * check waits for the terminal (up to a few seconds before answering 202 or 504).
   */
  static final Duration[] HTTP_SERVER_BUCKETS =
      Histograms.seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

  /**
   * JVM binder meters whose Prometheus names break the conventions ({@code promtool check
   * metrics}): compilation time in milliseconds and process CPU time in nanoseconds (CPU is watched
   * through {@code process_cpu_usage}); the CPU count is renamed, as a gauge may not end in {@code
   * _count}.
   */
  private static final Set<String> DENIED = Set.of("jvm.compilation.time", "process.cpu.time");

  private final Optional<AccessLogQueue> accessLog = AccessLogQueue.installed();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public GatewayMetrics() {
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> DENIED.contains(id.getName())))
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return "system.cpu.count".equals(id.getName()) ? id.withName("system.cpus") : id;
              }

              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (!"vertx.http.server.response.time".equals(id.getName())) {
                  return config;
                }
                return DistributionStatisticConfig.builder()
                    .serviceLevelObjectives(
                        Arrays.stream(HTTP_SERVER_BUCKETS).mapToDouble(Duration::toNanos).toArray())
                    .build()
                    .merge(config);
              }
            });
    // Micrometer holds a function counter's object weakly: this object, which the gateway keeps
    // for as long as it runs, not a value made here (collected, the count would stop moving).
    FunctionCounter.builder(
            "oqsgw.log.access.dropped",
            this,
            m -> m.accessLog.map(AccessLogQueue::dropped).orElse(0L).doubleValue())
        .description("Access-log lines dropped because the access log's queue was full")
        .register(registry);
  }

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
            EnumSet.of(
                Label.HTTP_ROUTE,
                Label.HTTP_METHOD,
                Label.HTTP_CODE,
                Label.POOL_TYPE,
                Label.POOL_NAME,
                Label.EB_SIDE,
                Label.EB_FAILURE));
  }
}
