package jp.oqsgateway.gateway.testsupport;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;

import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.bootstrap.DatabaseRoles;
import jp.oqsgateway.gateway.bootstrap.Gateway;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.http.auth.TokenIssuer;
import jp.oqsgateway.gateway.jobs.JobKind;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A gateway started in this JVM on a fresh database, random ports and its own folders: started at
 * once by {@link #start} and its kin, or, as a JUnit extension made by {@link #perClass} and
 * registered with {@code @RegisterExtension}, before a test class's first test and closed after its
 * last.
 */
public final class InProcessGateway implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  private final String purpose;
  private final Map<String, String> extra;
  private SimulatedPopulation people;
  private Gateway gateway;
  private Path home;
  private GatewayConfig config;
  private TerminalSimulator terminal;
  private WebClient client;
  private List<JobKind> jobKinds = List.of();

  private InProcessGateway(String purpose, Map<String, String> extra) {
    this.purpose = purpose;
    this.extra = extra;
  }

  /**
   * A gateway for the tests of one class, started by JUnit before the first ({@code
   * static @RegisterExtension}) and closed after the last.
   */
  public static InProcessGateway perClass(String purpose, Map<String, String> extra) {
    return new InProcessGateway(purpose, extra);
  }

  /**
   * As {@link #perClass}, talking to the simulated terminal (see {@link #withSimulatedTerminal}).
   */
  public static InProcessGateway perClassWithSimulatedTerminal(
      String purpose, Map<String, String> extra) {
    return perClass(purpose, simulatedTerminalSettings(extra));
  }

  /** With {@link #perClass}: also starts the simulated terminal on these people, stopped first. */
  public InProcessGateway andTerminal(SimulatedPopulation people) {
    this.people = people;
    return this;
  }

  /** With {@link #perClass}: the gateway also runs these kinds of job (docs/JOBS.md). */
  public InProcessGateway andJobKinds(JobKind... kinds) {
    this.jobKinds = List.of(kinds);
    return this;
  }

  /** The terminal started by {@link #andTerminal}. */
  public TerminalSimulator terminal() {
    return terminal;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    bootIn(Files.createTempDirectory("oqsgw-home-"));
    if (people != null) {
      terminal = startTerminal(people);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (terminal != null) {
      terminal.stop();
    }
    close();
  }

  /**
   * A gateway that talks to the simulated terminal: the simulator's institution code and quick
   * folder scans, plus {@code extra} settings.
   */
  public static InProcessGateway withSimulatedTerminal(String purpose, Map<String, String> extra) {
    return start(purpose, simulatedTerminalSettings(extra));
  }

  /** As {@link #withSimulatedTerminal}, on a home of the caller's (e.g. holding the test CA). */
  public static InProcessGateway withSimulatedTerminalIn(
      Path home, String purpose, Map<String, String> extra) {
    return startIn(home, purpose, simulatedTerminalSettings(extra));
  }

  private static Map<String, String> simulatedTerminalSettings(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("oqs.institution-code", SimulatorOptions.DEFAULT_INSTITUTION);
    settings.put("oqs.link.scan-interval", "200ms");
    settings.putAll(extra);
    return settings;
  }

  /** The simulated 資格確認端末, started on this gateway's exchange folders. */
  public TerminalSimulator startTerminal(SimulatedPopulation people) {
    return new TerminalSimulator(SimulatorOptions.defaults(home.resolve("var/oqs")), people)
        .start();
  }

  /** The desk an agent token minted by {@link #token} or {@link #bearerFor} reports for. */
  public static final String ANY_AGENT_DESK = "test-desk";

  /**
   * A token for these roles, signed with this gateway's own keys (as `oqsgw token` mints it); with
   * role agent, for desk {@link #ANY_AGENT_DESK}.
   */
  public String token(Role... roles) {
    return mint("test-client", roles);
  }

  private String mint(String subject, Role... roles) {
    Set<Role> set = Set.of(roles);
    return TokenIssuer.create(gateway.vertx(), config.auth())
        .mint(
            subject,
            set,
            Duration.ofHours(1),
            set.contains(Role.AGENT) ? Set.of(ANY_AGENT_DESK) : Set.of())
        .token();
  }

  /**
   * A token for these roles that expires {@code left} from now: minted with the shortest lifetime
   * allowed (a minute), as if that long minus {@code left} ago.
   */
  public String tokenExpiringIn(Duration left, Role... roles) {
    Duration lifetime = Duration.ofMinutes(1);
    java.time.Clock then =
        java.time.Clock.offset(java.time.Clock.systemUTC(), left.minus(lifetime));
    return TokenIssuer.create(gateway.vertx(), config.auth(), then)
        .mint("expiring-client", Set.of(roles), lifetime)
        .token();
  }

  /** {@code Authorization} header value of an agent reporting for these desks. */
  public String agentBearer(String agentId, String... desks) {
    return "Bearer "
        + TokenIssuer.create(gateway.vertx(), config.auth())
            .mint(agentId, Set.of(Role.AGENT), Duration.ofHours(1), Set.of(desks))
            .token();
  }

  /** {@code Authorization} header value of a reception token limited to this desk. */
  public String deskBearer(String desk) {
    return "Bearer "
        + TokenIssuer.create(gateway.vertx(), config.auth())
            .mint("desk:" + desk, Set.of(Role.RECEPTION), Duration.ofHours(1), Set.of(desk))
            .token();
  }

  /** {@code Authorization} header value for these roles. */
  public String bearer(Role... roles) {
    return "Bearer " + token(roles);
  }

  /** {@code Authorization} header value for another caller (subject) with these roles. */
  public String bearerFor(String subject, Role... roles) {
    return "Bearer " + mint(subject, roles);
  }

  public static InProcessGateway start(String purpose, Map<String, String> extra) {
    try {
      return startIn(Files.createTempDirectory("oqsgw-home-"), purpose, extra);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A gateway on a home of the caller's, e.g. the home of a gateway {@link #stopKeepingHome()
   * stopped} before: its keys, folders and (with {@code pg.url} in {@code extra}) database are
   * found again.
   */
  public static InProcessGateway startIn(Path home, String purpose, Map<String, String> extra) {
    return new InProcessGateway(purpose, extra).bootIn(home);
  }

  private InProcessGateway bootIn(Path home) {
    Map<String, String> overrides = new HashMap<>();
    if (!extra.containsKey("pg.url")) {
      DatabaseRoles.Split db = TestDatabase.freshGatewayDatabase(purpose);
      overrides.put("pg.url", TestDatabase.url(db.app()));
      overrides.put("pg.migration-url", TestDatabase.url(db.owner()));
    } else if (!extra.containsKey("pg.migration-url") && !extra.get("pg.url").isEmpty()) {
      TestDatabase.ownerUrlFor(extra.get("pg.url"))
          .ifPresent(url -> overrides.put("pg.migration-url", url));
    }
    overrides.put("api.port", "0");
    overrides.put("management.port", "0");
    overrides.put("agents.port", "0");
    overrides.put("oqs.create-folders", "true");
    overrides.put("shutdown.drain-timeout", "2s");
    // No job by the clock: a test starts the jobs it means to (the default runs the nightly
    // re-inquiry at 20:00, which would otherwise start in any test booted in the evening).
    overrides.put("jobs.schedules", "");
    overrides.putAll(extra);
    this.home = home;
    this.config = GatewayConfig.from(Settings.load(null, Map.of(), overrides), home, Map.of());
    this.gateway = Gateway.start(config, "test", jobKinds);
    return this;
  }

  /** A client of this gateway's ports, without credentials, on its own Vert.x (made once). */
  public synchronized WebClient client() {
    if (client == null) {
      client = WebClient.create(gateway.vertx());
    }
    return client;
  }

  /** The value of one unlabelled series in this gateway's {@code /metrics}, which must have it. */
  public double metric(String series) {
    String scrape =
        client().get(managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    if (!m.find()) {
      throw new AssertionError(series + " is not in /metrics");
    }
    return Double.parseDouble(m.group(1));
  }

  /** A statement run on this gateway's database as the gateway's own role; its rows. */
  public RowSet<Row> query(String sql, Object... params) {
    return gateway.pool().preparedQuery(sql).execute(Tuple.from(params)).await();
  }

  /** The first row a query answers on this gateway's database, as the gateway's own role. */
  public Row firstRow(String sql, Object... params) {
    return query(sql, params).iterator().next();
  }

  /** The database URL of this gateway, for a later {@link #startIn} on the same data. */
  public String databaseUrl() {
    return TestDatabase.url(gateway.database().endpoint());
  }

  /** Stops the gateway (as Ctrl-C does) and leaves its home for a later {@link #startIn}. */
  public void stopKeepingHome() {
    gateway.stop();
  }

  public Gateway gateway() {
    return gateway;
  }

  public Path home() {
    return home;
  }

  /** The configuration this gateway started with. */
  public GatewayConfig config() {
    return config;
  }

  public int apiPort() {
    return gateway.apiPort();
  }

  public int managementPort() {
    return gateway.managementPort();
  }

  @Override
  public void close() {
    gateway.stop();
    TestDatabase.deleteQuietly(home);
  }

  /**
   * The id of the check a face result file became (the link reads {@code face/} on its own), once
   * it exists; fails after 20 s.
   */
  public String awaitCheckOfResultFile(Path file) {
    String name = file.getFileName().toString();
    return await("the card reading became a check")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var rows =
                  gateway
                      .pool()
                      .preparedQuery("select id from qualification_check where result_file = $1")
                      .execute(io.vertx.sqlclient.Tuple.of(name))
                      .await();
              return rows.size() == 1 ? rows.iterator().next().getUUID("id").toString() : null;
            },
            java.util.Objects::nonNull);
  }
}
