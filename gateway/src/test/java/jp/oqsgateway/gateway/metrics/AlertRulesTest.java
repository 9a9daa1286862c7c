package jp.oqsgateway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.testsupport.TestPackages;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus configuration under ops/prometheus/ as an operator loads it: promtool accepts the
 * scrape configuration and the rules and passes their unit tests, every alert has a case that fires
 * and one that stays silent, speaks English and Japanese and links to its runbook in
 * docs/OPERATIONS.md, and every gateway metric a rule reads is one the gateway exposes (the metrics
 * table, which {@link MetricsFromStartTest} ties to the live {@code /metrics}).
 */
class AlertRulesTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Path REPO =
      Path.of(System.getProperty("oqsgw.repoRoot", "..")).toAbsolutePath().normalize();
  private static final Path PROMETHEUS = REPO.resolve("ops/prometheus");
  private static final Path OPERATIONS = REPO.resolve("docs/OPERATIONS.md");

  /**
   * Names of the gateway's own, process, JVM and Vert.x metrics as a PromQL expression uses them.
   */
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:oqsgw|process|jvm|vertx)_[a-z0-9_]+)");

  private static final Pattern HISTOGRAM_SERIES = Pattern.compile("(.+)_(?:bucket|sum|count)$");
  private static final Pattern JAPANESE =
      Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");

  @Test
  void promtoolAcceptsTheScrapeConfigurationAndItsRuleFiles() throws Exception {
    promtool("check", "config", "ops/prometheus/prometheus.yml");
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    List<String> command = new ArrayList<>(List.of("check", "rules"));
    command.addAll(files("rules"));
    promtool(command.toArray(String[]::new));
  }

  @Test
  void everyRuleUnitTestPasses() throws Exception {
    List<String> command = new ArrayList<>(List.of("test", "rules"));
    command.addAll(files("tests"));
    promtool(command.toArray(String[]::new));
  }

  @Test
  void everyAlertHasACaseThatFiresAndOneThatStaysSilent() throws IOException {
    Set<String> fires = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (String file : files("tests")) {
      for (Map<String, Object> test : list(load(REPO.resolve(file)).get("tests"))) {
        for (Map<String, Object> eval : list(test.get("alert_rule_test"))) {
          Object expected = eval.get("exp_alerts");
          boolean none = expected == null || ((List<?>) expected).isEmpty();
          (none ? silent : fires).add((String) eval.get("alertname"));
        }
      }
    }
    assertThat(fires).as("alerts with a case where they fire").containsAll(alertNames());
    assertThat(silent).as("alerts with a case where they stay silent").containsAll(alertNames());
  }

  @Test
  void everyAlertIsAPageOrATicketWithEnglishAndJapaneseSummariesAndARunbookInOperations()
      throws IOException {
    Set<String> anchors = headingAnchors();
    List<Map<String, Object>> alerts = alerts();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(12);
    for (Map<String, Object> alert : alerts) {
      String name = (String) alert.get("alert");
      Map<?, ?> labels = (Map<?, ?>) alert.get("labels");
      Map<?, ?> annotations = (Map<?, ?>) alert.get("annotations");
      assertThat(labels.get("severity")).as(name + " severity").isIn("page", "ticket");
      assertThat((String) annotations.get("summary")).as(name + " summary").isNotBlank();
      assertThat((String) annotations.get("summary_ja"))
          .as(name + " summary_ja")
          .containsPattern(JAPANESE);
      assertThat((String) annotations.get("description")).as(name + " description").isNotBlank();
      String runbook = (String) annotations.get("runbook_url");
      assertThat(runbook).as(name + " runbook_url").startsWith("docs/OPERATIONS.md#");
      assertThat(anchors)
          .as(name + ": a heading of docs/OPERATIONS.md for " + runbook)
          .contains(runbook.substring(runbook.indexOf('#') + 1));
    }
  }

  @Test
  void everyMetricTheRulesReadIsOneTheGatewayExposes() throws IOException {
    Map<String, String> documented = MetricsFromStartTest.documented();
    Set<String> used = new TreeSet<>();
    for (Map<String, Object> rule : alerts()) {
      Matcher m = METRIC.matcher((String) rule.get("expr"));
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    assertThat(used).contains("oqsgw_oqs_link_up", "oqsgw_oqs_round_trip_seconds_bucket");
    assertThat(used)
        .as("metrics read by the rules and missing from the table in docs/OPERATIONS.md")
        .allMatch(name -> documented.containsKey(name) || isHistogramSeries(name, documented));
  }

  private static boolean isHistogramSeries(String name, Map<String, String> documented) {
    Matcher m = HISTOGRAM_SERIES.matcher(name);
    return m.matches() && "histogram".equals(documented.get(m.group(1)));
  }

  private static Set<String> alertNames() throws IOException {
    return alerts().stream().map(a -> (String) a.get("alert")).collect(Collectors.toSet());
  }

  private static List<Map<String, Object>> alerts() throws IOException {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (String file : files("rules")) {
      for (Map<String, Object> group : list(load(REPO.resolve(file)).get("groups"))) {
        list(group.get("rules")).stream().filter(r -> r.containsKey("alert")).forEach(alerts::add);
      }
    }
    return alerts;
  }

  /** GitHub's anchors of the headings of docs/OPERATIONS.md. */
  private static Set<String> headingAnchors() throws IOException {
    return Files.readAllLines(OPERATIONS).stream()
        .filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", "").strip().toLowerCase())
        .map(h -> h.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  /** The {@code .yml} files of a folder under ops/prometheus/, relative to the repository. */
  private static List<String> files(String folder) throws IOException {
    try (Stream<Path> files = Files.list(PROMETHEUS.resolve(folder))) {
      List<String> names =
          files
              .filter(f -> f.getFileName().toString().endsWith(".yml"))
              .map(f -> REPO.relativize(f).toString())
              .sorted()
              .toList();
      assertThat(names).as("ops/prometheus/" + folder + "/*.yml").isNotEmpty();
      return names;
    }
  }

  private static Map<String, Object> load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new Yaml().load(in);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }

  /** Runs promtool in the repository and fails with what it printed unless it exits 0. */
  private static void promtool(String... args) throws Exception {
    TestPackages.require("prometheus", List.of(PROMTOOL));
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("promtool ended").isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + " said:\n" + output).isZero();
  }
}
