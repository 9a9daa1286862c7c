package jp.oqsgateway.gateway.ops;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.AgentLink;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.GatewayProcess;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import jp.oqsgateway.gateway.testsupport.TestPackages;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;
import org.yaml.snakeyaml.Yaml;

/**
 * ops/prometheus/ and ops/grafana/ against the real thing: Debian's Prometheus scrapes the gateway
 * jar (talking to the simulated terminal) with the repository's scrape job and alert rules, every
 * query of every dashboard panel finds series, and stopping the terminal's link program makes
 * {@code OqsgwLinkDown} go pending.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusScrapeIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path REPO =
      Path.of(System.getProperty("oqsgw.repoRoot", "..")).toAbsolutePath().normalize();
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** What Grafana puts in place of the dashboards' variables, for a query sent directly. */
  private static final Map<String, String> VARIABLES =
      Map.of(
          "$__rate_interval", "1m",
          "$__interval", "15s",
          "$__range", "5m",
          "$clinic", ".+",
          "$instance", ".+");

  private static Path home;
  private static Path prometheusDir;
  private static TerminalSimulator terminal;
  private static GatewayProcess gateway;
  private static Process prometheus;
  private static String prometheusUrl;
  private static String api;
  private static String chart;
  private static SimulatedPopulation people;
  private static Vertx vertx;
  private static AgentLink agent;

  /** The banner's line of the agent server: its port and the CA agents trust. */
  private static final Pattern AGENTS =
      Pattern.compile("Reader agents\\s+wss://\\S+?:(\\d+)/\\S+\\s+\\(agents trust (\\S+)\\)");

  @BeforeAll
  static void startGatewayTerminalAndPrometheus() throws Exception {
    requirePrometheus();
    home = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-it-");
    prometheusDir = Files.createTempDirectory("oqsgw-prometheus-");
    // An in-process gateway makes the home (keys, folders, database) and mints the tokens.
    InProcessGateway setup =
        InProcessGateway.withSimulatedTerminalIn(home, "prometheus_scrape", Map.of());
    chart = setup.bearer(Role.CHART);
    String ops = setup.bearer(Role.OPS);
    String agentBearer = setup.agentBearer("prometheus-scrape-agent", "desk-1");
    String databaseUrl = setup.databaseUrl();
    setup.stopKeepingHome();
    people =
        SimulatedPopulation.generate(
            SimulatedPopulation.DEFAULT_SEED,
            SimulatedPopulation.DEFAULT_SIZE,
            SimulatedPopulation.DEFAULT_TIMELINE_BASE);
    terminal =
        new TerminalSimulator(SimulatorOptions.defaults(home.resolve("var/oqs")), people).start();
    // A request unpicked for 3 s reports the link down (15 s in production).
    gateway =
        GatewayProcess.serveWithSimulatedTerminal(
            home, databaseUrl, "oqs.link.pickup-threshold=3s");
    gateway.awaitReady(Duration.ofSeconds(90));
    api = gateway.apiBase();
    connectAReaderAgent(agentBearer);
    URI management = URI.create(gateway.healthUrl());
    startPrometheus(management.getHost() + ":" + management.getPort());
    driveTheReception(ops);
  }

  /** A desk's reader agent, so the per-desk gauge has its series. */
  private static void connectAReaderAgent(String bearer) {
    Matcher banner = AGENTS.matcher(gateway.output());
    assertThat(banner.find()).as("the agent server in the banner:\n" + gateway.output()).isTrue();
    vertx = Vertx.vertx();
    agent =
        AgentLink.connect(
                vertx,
                AgentLink.trusting(Path.of(banner.group(2))),
                Integer.parseInt(banner.group(1)),
                bearer)
            .await();
  }

  /** Checks from the chart system, one from the face reader, and a nightly re-inquiry run. */
  private static void driveTheReception(String ops) throws Exception {
    for (int i = 0; i < 3; i++) {
      SimulatedPerson person = CheckBodies.coveredToday(people, i);
      HttpResponse<String> r =
          send(
              post(api + "/api/v1/qualification-checks?wait=20", chart),
              CheckBodies.forPerson(person));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    terminal.simulateCardReading(CheckBodies.coveredToday(people, 3).id());
    LocalDate tomorrow = LocalDate.now(JST).plusDays(1);
    HttpResponse<String> job =
        send(
            post(api + "/api/v1/jobs", ops),
            new JsonObject()
                .put("kind", "home-visit-reinquiry")
                .put("params", new JsonObject().put("date", tomorrow.toString())));
    assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
    String jobUrl = api + "/api/v1/jobs/" + new JsonObject(job.body()).getString("id");
    await("the nightly re-inquiry run ended")
        .atMost(Duration.ofSeconds(30))
        .until(() -> new JsonObject(get(jobUrl, ops).body()).containsKey("finishedAt"));
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (agent != null) {
      agent.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (gateway != null) {
      try {
        gateway.interruptAndWait(Duration.ofSeconds(30));
      } finally {
        gateway.close();
      }
    }
    if (terminal != null) {
      terminal.stop();
    }
    if (prometheusDir != null) {
      TestDatabase.deleteQuietly(prometheusDir);
    }
    if (home != null) {
      TestDatabase.deleteQuietly(home);
    }
  }

  @Test
  @Order(1)
  void prometheusScrapesTheGatewayWithTheRepositorysScrapeJob() throws Exception {
    JsonArray targets =
        new JsonObject(prometheus("/api/v1/targets"))
            .getJsonObject("data")
            .getJsonArray("activeTargets");
    JsonObject target = targets.getJsonObject(0);
    assertThat(target.getString("health")).as(target.encodePrettily()).isEqualTo("up");
    assertThat(target.getJsonObject("labels").getString("job")).isEqualTo("oqs-gateway");
    assertThat(query("up{job=\"oqs-gateway\", clinic=~\".+\"} == 1")).as("up").isNotEmpty();
  }

  @Test
  @Order(2)
  void everyDashboardAsksForItsPrometheusOnImportAndEveryQueryFiltersByClinicAndInstance()
      throws IOException {
    for (Path file : dashboardFiles()) {
      JsonObject dashboard = new JsonObject(Files.readString(file));
      String name = file.getFileName().toString();
      assertThat(dashboard.getJsonArray("__inputs").getJsonObject(0).getString("name"))
          .as(name + " datasource input")
          .isEqualTo("DS_PROMETHEUS");
      assertThat(
              dashboard.getJsonObject("templating").getJsonArray("list").stream()
                  .map(v -> ((JsonObject) v).getString("name")))
          .as(name + " variables")
          .contains("clinic", "instance");
    }
    assertThat(dashboardQueries())
        .as("queries without the clinic and instance selectors")
        .allMatch(
            q ->
                q.expr().contains("clinic=~\"$clinic\"")
                    && q.expr().contains("instance=~\"$instance\""));
  }

  @Test
  @Order(3)
  void everyQueryOfEveryDashboardPanelReturnsSeries() throws Exception {
    List<PanelQuery> queries = dashboardQueries();
    assertThat(queries).as("queries of ops/grafana/*.json").hasSizeGreaterThan(40);
    // rate() needs two scrapes within its window: wait for them rather than fail on the first.
    List<PanelQuery> empty = new ArrayList<>(queries);
    try {
      await("every dashboard query returns series")
          .pollInterval(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (PanelQuery q : List.copyOf(empty)) {
                  if (!query(q.promql()).isEmpty()) {
                    empty.remove(q);
                  }
                }
                return empty.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      // Fall through to the assertion, which names what returned nothing.
    }
    assertThat(empty).as("dashboard queries that returned no series").isEmpty();
  }

  @Test
  @Order(4)
  void stoppingTheLinkProgramMakesOqsgwLinkDownGoPending() throws Exception {
    assertThat(linkDownAlert()).as("OqsgwLinkDown while the link program runs").isNull();
    terminal.stop();
    HttpResponse<String> r =
        send(
            post(api + "/api/v1/qualification-checks?wait=0", chart),
            CheckBodies.forPerson(CheckBodies.coveredToday(people, 4)));
    assertThat(r.statusCode()).as(r.body()).isLessThan(500);
    await("oqsgw_oqs_link_up 0 in Prometheus")
        .pollInterval(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(30))
        .until(() -> !query("oqsgw_oqs_link_up == 0").isEmpty());
    await("OqsgwLinkDown pending or firing")
        .pollInterval(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(20))
        .until(() -> linkDownAlert() != null);
    JsonObject alert = linkDownAlert();
    assertThat(alert.getString("state")).isIn("pending", "firing");
    assertThat(alert.getJsonObject("labels").getString("severity")).isEqualTo("page");
    assertThat(alert.getJsonObject("labels").getString("clinic")).isNotBlank();
  }

  private static JsonObject linkDownAlert() throws Exception {
    JsonArray alerts =
        new JsonObject(prometheus("/api/v1/alerts")).getJsonObject("data").getJsonArray("alerts");
    return alerts.stream()
        .map(JsonObject.class::cast)
        .filter(a -> "OqsgwLinkDown".equals(a.getJsonObject("labels").getString("alertname")))
        .findFirst()
        .orElse(null);
  }

  /** One query of one panel, with the dashboard's variables replaced as Grafana would. */
  record PanelQuery(String dashboard, String panel, String expr) {
    String promql() {
      String q = expr;
      for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
        q = q.replace(v.getKey(), v.getValue());
      }
      return q;
    }

    @Override
    public String toString() {
      return dashboard + " / " + panel + ": " + promql();
    }
  }

  private static List<PanelQuery> dashboardQueries() throws IOException {
    List<PanelQuery> queries = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      JsonObject dashboard = new JsonObject(Files.readString(file));
      for (Object p : dashboard.getJsonArray("panels")) {
        JsonObject panel = (JsonObject) p;
        for (Object t : panel.getJsonArray("targets", new JsonArray())) {
          queries.add(
              new PanelQuery(
                  file.getFileName().toString(),
                  panel.getString("title"),
                  ((JsonObject) t).getString("expr")));
        }
      }
    }
    return queries;
  }

  private static List<Path> dashboardFiles() throws IOException {
    try (Stream<Path> files = Files.list(REPO.resolve("ops/grafana"))) {
      List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(json).as("ops/grafana/*.json").hasSize(5);
      return json;
    }
  }

  /** The series an instant query answers. */
  private static JsonArray query(String promql) throws Exception {
    JsonObject answer =
        new JsonObject(
            prometheus("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    assertThat(answer.getString("status")).as(promql + ": " + answer.encode()).isEqualTo("success");
    return answer.getJsonObject("data").getJsonArray("result");
  }

  private static String prometheus(String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(prometheusUrl + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /**
   * Prometheus with ops/prometheus/prometheus.yml's scrape job aimed at {@code target}, the
   * repository's alert rules, and 1 s intervals; waits until the target is up.
   */
  @SuppressWarnings("unchecked")
  private static void startPrometheus(String target) throws Exception {
    Map<String, Object> config;
    try (InputStream in = Files.newInputStream(REPO.resolve("ops/prometheus/prometheus.yml"))) {
      config = new Yaml().load(in);
    }
    config.put(
        "global",
        Map.of("scrape_interval", "1s", "scrape_timeout", "1s", "evaluation_interval", "1s"));
    config.put(
        "rule_files", List.of(REPO.resolve("ops/prometheus/rules/oqsgw-alerts.yml").toString()));
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
    assertThat(jobs).as("scrape jobs of ops/prometheus/prometheus.yml").hasSize(1);
    List<Map<String, Object>> statics =
        (List<Map<String, Object>>) jobs.get(0).get("static_configs");
    statics.get(0).put("targets", List.of(target));
    Path file = prometheusDir.resolve("prometheus.yml");
    Files.writeString(file, new Yaml().dump(config));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    prometheusUrl = "http://127.0.0.1:" + port;
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + prometheusDir.resolve("data"),
                "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(prometheusDir.resolve("prometheus.log").toFile())
            .start();
    // Prometheus 2.x hands new targets to its scrapers at most every 5 s: the first scrape comes
    // 5–8 s after the start.
    await("Prometheus scrapes the gateway")
        .pollInterval(Duration.ofMillis(250))
        .atMost(Duration.ofSeconds(40))
        .until(
            () -> {
              assertThat(prometheus.isAlive())
                  .as(
                      "prometheus running: "
                          + Files.readString(prometheusDir.resolve("prometheus.log")))
                  .isTrue();
              return ready() && !query("up{job=\"oqs-gateway\"} == 1").isEmpty();
            });
  }

  /** Prometheus answers queries (it refuses connections, then answers 503, while it starts). */
  private static boolean ready() throws InterruptedException {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException notYetListening) {
      return false;
    }
  }

  private static void requirePrometheus() {
    try {
      TestPackages.require("prometheus", List.of(PROMETHEUS));
    } catch (TestAbortedException e) {
      throw new AssertionError(
          PROMETHEUS
              + " is missing: install the packages of ops/packages/test.txt (./ops/test does, as"
              + " root). "
              + e.getMessage());
    }
  }

  private static HttpRequest.Builder post(String url, String bearer) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", bearer)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, JsonObject body)
      throws Exception {
    return HTTP.send(
        request.POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url, String bearer) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", bearer)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
