package jp.oqsgateway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.testsupport.GarbageCollection;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} as Prometheus sees it right after the gateway starts, before any traffic but its
 * own first scrape: every metric of the table in docs/OPERATIONS.md ("Metrics") is there with its
 * documented type and a value, every gateway metric scraped is in that table, and {@code promtool
 * check metrics} finds nothing to complain about.
 */
class MetricsFromStartTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z_]+)(?:\\{[^`]*\\})?` \\| (counter|gauge|histogram) \\|");

  /** The label cell of a metric whose series appear with their first label value. */
  private static final String APPEARS_WITH = "(appears with";

  private static final String LATER = "later";

  private static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)");

  private static InProcessGateway gw;
  private static Vertx vertx;
  private static String scrape;

  @BeforeAll
  static void scrapeRightAfterStart() {
    gw = InProcessGateway.start("metrics-from-start", Map.of());
    vertx = Vertx.vertx();
    get("/metrics"); // Prometheus's first scrape: Vert.x's HTTP series appear with it
    scrape = get("/metrics");
  }

  @AfterAll
  static void stop() throws IOException {
    vertx.close().await();
    gw.close();
  }

  private static String get(String path) {
    return WebClient.create(vertx)
        .get(gw.managementPort(), "127.0.0.1", path)
        .send()
        .await()
        .bodyAsString();
  }

  @Test
  void everyDocumentedMetricIsScrapedWithItsTypeBeforeAnyTraffic() throws IOException {
    Map<String, String> documented = documented();
    assertThat(documented).as("metrics table in docs/OPERATIONS.md").hasSizeGreaterThan(40);
    Map<String, String> scraped = types(scrape);
    documented.values().removeIf(LATER::equals);
    documented.forEach(
        (name, type) -> {
          assertThat(scraped).as("# TYPE of " + name).containsEntry(name, type);
          assertThat(scrape.lines().anyMatch(l -> sampleOf(l, name, type)))
              .as("a value of " + name + " before any traffic")
              .isTrue();
        });
  }

  @Test
  void everyGatewayMetricScrapedIsDocumented() throws IOException {
    Map<String, String> documented = documented();
    assertThat(
            types(scrape).keySet().stream()
                .filter(n -> n.startsWith("oqsgw_"))
                .filter(n -> !isMaxOfDocumentedHistogram(n, documented)))
        .as("gateway metrics scraped but missing from the table in docs/OPERATIONS.md")
        .allMatch(documented::containsKey);
  }

  @Test
  void latenciesAreHistogramsWithTheirOwnBuckets() {
    get("/health/live");
    assertThat(get("/metrics").lines())
        .as("HTTP response times by route template, in buckets from 1 ms")
        .anyMatch(
            l ->
                l.startsWith("vertx_http_server_response_time_seconds_bucket{")
                    && l.contains("route=\"/health/live\"")
                    && l.contains("le=\"0.001\""));
    assertThat(scrape)
        .contains("oqsgw_oqs_round_trip_seconds_bucket{kind=\"siquc01\",le=\"60.0\"} 0")
        .contains("oqsgw_oqs_pickup_delay_seconds_bucket{kind=\"siquc01\",le=\"1.0\"} 0")
        .contains("oqsgw_webhook_delivery_latency_seconds_bucket{")
        .contains("oqsgw_live_delivery_lag_seconds_bucket{le=\"0.1\"} 0")
        .doesNotContain("quantile=");
  }

  /**
   * Micrometer holds a gauge's object weakly: a gauge whose object nothing else keeps reads NaN
   * after the next collection, and its dashboard panel and alert go blank.
   */
  @Test
  void everyGaugeStillReadsAValueAfterTheGarbageIsCollected() {
    Map<String, String> before = gaugeValues(scrape);
    assertThat(before).as("gauge series right after start").hasSizeGreaterThan(20);
    GarbageCollection.collect();
    System.gc();
    Map<String, String> after = gaugeValues(get("/metrics"));
    before.forEach(
        (series, value) -> {
          if (!value.equals("NaN")) {
            assertThat(after.get(series)).as(series + " after a collection").isNotEqualTo("NaN");
          }
        });
  }

  /** Series → value of every gateway gauge in a scrape. */
  private static Map<String, String> gaugeValues(String text) {
    Map<String, String> types = types(text);
    Map<String, String> values = new TreeMap<>();
    text.lines()
        .filter(l -> l.startsWith("oqsgw_"))
        .forEach(
            l -> {
              int cut = l.lastIndexOf(' ');
              String series = l.substring(0, cut);
              int brace = series.indexOf('{');
              String name = brace < 0 ? series : series.substring(0, brace);
              if ("gauge".equals(types.get(name))) {
                values.put(series, l.substring(cut + 1));
              }
            });
    return values;
  }

  @Test
  void theDatabaseIsShownUpFromTheStartThoughNothingProbedReadiness() {
    assertThat(scrape).contains("oqsgw_dependency_up{check=\"database\"} 1.0");
  }

  @Test
  void promtoolFindsNothingToComplainAbout() throws Exception {
    TestPackages.require("prometheus", List.of(PROMTOOL));
    Process p =
        new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics: " + output).isZero();
  }

  /** A histogram's {@code _max} gauge, which Micrometer adds beside it. */
  private static boolean isMaxOfDocumentedHistogram(String name, Map<String, String> documented) {
    return name.endsWith("_max")
        && "histogram".equals(documented.get(name.substring(0, name.length() - "_max".length())));
  }

  /**
   * Name → type of each row of the metrics table in docs/OPERATIONS.md; {@link #LATER} for those
   * whose labels say they appear with their first value.
   */
  static Map<String, String> documented() throws IOException {
    Path repo = Path.of(System.getProperty("oqsgw.repoRoot", "..")).toAbsolutePath().normalize();
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(repo.resolve("docs/OPERATIONS.md"))) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.put(m.group(1), line.contains(APPEARS_WITH) ? LATER : m.group(2));
      }
    }
    return rows;
  }

  private static Map<String, String> types(String text) {
    Map<String, String> types = new TreeMap<>();
    text.lines()
        .map(TYPE::matcher)
        .filter(Matcher::find)
        .forEach(m -> types.put(m.group(1), m.group(2)));
    return types;
  }

  private static boolean sampleOf(String line, String name, String type) {
    String series = "histogram".equals(type) ? name + "_count" : name;
    return line.startsWith(series + " ") || line.startsWith(series + "{");
  }
}
