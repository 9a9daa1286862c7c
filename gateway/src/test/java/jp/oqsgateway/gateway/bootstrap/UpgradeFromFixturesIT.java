package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.testsupport.GatewayProcess;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * An upgrade as a clinic goes through it, from the data of every earlier release: each folder of
 * {@code upgrade-fixtures/} holds a backup a release made of its own data ({@code
 * ops/release/make-upgrade-fixture}) and what its API answered then. This build's jar restores it
 * into a fresh home and data directory ({@code oqsgw restore}, at the release's schema version),
 * starts on it (its newer migrations run), and must serve the old checks, patients, home-visit
 * relationship and webhook subscription as the old release did, list the old audit rows, and find
 * the read audit's chain intact with the old head's hash unchanged.
 */
class UpgradeFromFixturesIT {
  private static final Path FIXTURES = resource("/upgrade-fixtures");
  private static final Pattern MIGRATION = Pattern.compile("db/migration/V(\\d+)__.+\\.sql");
  private static final Pattern JWT = Pattern.compile("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
  private static final Pattern CHAIN_HEAD =
      Pattern.compile("last seq (\\d+), its hash ([0-9a-f]+)");

  /** Fields an answer computes from the time of the read, not from the stored data. */
  private static final Set<String> AS_OF_THE_READ = Set.of("stale", "ageSeconds", "reinquiry");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void everyReleaseLeavesAFixtureWithItsBackupAndManifest() throws IOException {
    List<Path> fixtures = fixtures();
    assertThat(fixtures).as("folders under " + FIXTURES).isNotEmpty();
    for (Path fixture : fixtures) {
      JsonObject manifest = manifest(fixture);
      assertThat(fixture.resolve(manifest.getString("backup"))).isRegularFile();
      assertThat(manifest.getJsonArray("checks")).as(fixture.toString()).isNotEmpty();
      assertThat(manifest.getJsonObject("audit").getLong("lastSeq")).isPositive();
    }
  }

  @TestFactory
  Stream<DynamicTest> eachReleasesDataIsServedAsItWasAfterTheUpgrade() throws IOException {
    return fixtures().stream()
        .map(
            fixture ->
                DynamicTest.dynamicTest(
                    "upgrade from " + fixture.getFileName(), () -> upgradeFrom(fixture)));
  }

  private static void upgradeFrom(Path fixture) throws Exception {
    JsonObject manifest = manifest(fixture);
    String schema = manifest.getString("schemaVersion");
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "oqsgw-upgrade-");
    // World-traversable: PostgreSQL's own user reaches the data directory when tests run as root.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path home = Files.createDirectory(dir.resolve("home"));
    Path root = dir.resolve("pg");
    Map<String, String> env = Map.of("OQSGW_PG_EMBEDDED_DIR", root.toString());
    try {
      String restored =
          run(home, env, "restore", "--from", fixture.resolve(manifest.getString("backup")));
      assertThat(restored)
          .as("restored at the old release's schema")
          .contains("schema version " + schema + ",");
      // The chart system's token as the old release's subscriptions were made with it (a chart
      // system lists its own subscriptions only).
      String chart = token(home, env, "chart", chartSystem(manifest));
      String admin = token(home, env, "admin", "upgrade-it");
      try (GatewayProcess gateway =
          GatewayProcess.start(
              GatewayProcess.jar(),
              home,
              env,
              List.of(),
              "serve",
              "--set",
              "api.port=0",
              "--set",
              "management.port=0",
              "--set",
              "agents.port=0",
              "--set",
              "oqs.create-folders=true",
              "--set",
              "jobs.schedules=")) {
        gateway.awaitReady(Duration.ofSeconds(90));
        String api = gateway.apiBase();
        try (Connection owner = owner(root)) {
          assertThat(migrationsApplied(owner))
              .as("the old schema, then this build's newer migrations")
              .contains(schema)
              .last()
              .isEqualTo(newestMigration());
          theOldChecksAndPatientsAreServedAsBefore(api, chart, manifest);
          theOldAuditRowsAreListed(api, admin, manifest);
          theChainIsIntactWithTheOldHeadUnchanged(home, env, owner, manifest);
        }
        assertThat(gateway.interruptAndWait(Duration.ofSeconds(30))).isEqualTo(130);
      }
    } finally {
      TestDatabase.deleteQuietly(dir);
    }
  }

  private static void theOldChecksAndPatientsAreServedAsBefore(
      String api, String chart, JsonObject manifest) throws Exception {
    for (JsonObject old : objects(manifest.getJsonArray("checks"))) {
      String id = old.getString("id");
      assertAsServed(
          get(api, "/api/v1/qualification-checks/" + id, chart), old.getJsonObject("check"), id);
      String patient = old.getString("chartPatientId");
      assertAsServed(
          get(api, "/api/v1/patients/" + patient + "/qualification", chart),
          old.getJsonObject("latestQualification"),
          patient);
    }
    for (JsonObject old : objects(manifest.getJsonArray("homeVisitRelationships"))) {
      String id = old.getString("id");
      assertAsServed(get(api, "/api/v1/home-visit-relationships/" + id, chart), old, id);
    }
    JsonArray subscriptions =
        new JsonObject(get(api, "/api/v1/webhook-subscriptions", chart))
            .getJsonArray("subscriptions");
    for (JsonObject old : objects(manifest.getJsonArray("webhookSubscriptions"))) {
      JsonObject now = byId(subscriptions, old.getValue("id"), "webhook subscriptions");
      assertAsServed(now.encode(), old, old.getString("id"));
    }
  }

  private static void theOldAuditRowsAreListed(String api, String admin, JsonObject manifest)
      throws Exception {
    JsonArray reads =
        new JsonObject(get(api, "/api/v1/audit/reads?limit=1000", admin)).getJsonArray("reads");
    for (JsonObject old : objects(manifest.getJsonArray("auditReads"))) {
      assertAsServed(byId(reads, old.getValue("id"), "audit reads").encode(), old, "audit read");
    }
  }

  private static void theChainIsIntactWithTheOldHeadUnchanged(
      Path home, Map<String, String> env, Connection owner, JsonObject manifest)
      throws SQLException {
    long oldSeq = manifest.getJsonObject("audit").getLong("lastSeq");
    String verified = command(home, env, "audit", "verify");
    assertThat(verified).contains("audit chain intact");
    Matcher head = CHAIN_HEAD.matcher(verified);
    assertThat(head.find()).as(verified).isTrue();
    assertThat(Long.parseLong(head.group(1)))
        .as("the reads of this test continue the old chain")
        .isGreaterThan(oldSeq);
    try (PreparedStatement q =
        owner.prepareStatement("select encode(hash, 'hex') from audit_read where seq = ?")) {
      q.setLong(1, oldSeq);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).as("row seq " + oldSeq).isTrue();
        assertThat(rs.getString(1))
            .isEqualTo(manifest.getJsonObject("audit").getString("lastHash"));
      }
    }
  }

  /**
   * Every field the old release answered is answered the same (a newer release may add fields),
   * apart from those computed at the time of the read.
   */
  private static void assertAsServed(String body, JsonObject old, String what) {
    JsonObject now = new JsonObject(body);
    for (String field : old.fieldNames()) {
      if (!AS_OF_THE_READ.contains(field)) {
        assertThat(now.getValue(field)).as(what + "." + field).isEqualTo(old.getValue(field));
      }
    }
  }

  private static JsonObject byId(JsonArray items, Object id, String what) {
    return objects(items).stream()
        .filter(o -> id.equals(o.getValue("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is missing from the " + what + ": " + items));
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(array.getJsonObject(i));
    }
    return out;
  }

  private static String get(String api, String path, String token) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /** The jar's command in the home, as a process: its output, which must end with exit code 0. */
  private static String run(Path home, Map<String, String> env, Object... args) throws Exception {
    String[] words = Stream.of(args).map(Object::toString).toArray(String[]::new);
    try (GatewayProcess command =
        GatewayProcess.start(GatewayProcess.jar(), home, env, List.of(), words)) {
      int code = command.waitForExitAndOutput(Duration.ofSeconds(90));
      assertThat(code).as(String.join(" ", words) + ":\n" + command.output()).isZero();
      return command.output().strip();
    }
  }

  /** A token signed with the keys the backup brought back. */
  private static String token(Path home, Map<String, String> env, String role, String subject) {
    String out = command(home, env, "token", "--role", role, "--subject", subject, "--ttl", "1h");
    return out.lines()
        .filter(JWT.asMatchPredicate())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no token in: " + out));
  }

  /**
   * An operator command beside the jar, run in this JVM (the same code, without a JVM start each):
   * its output, which must end with exit code 0.
   */
  private static String command(Path home, Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>(env);
    all.put("OQSGW_HOME", home.toString());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = Main.run(args, all, print, print);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(String.join(" ", args) + ":\n" + out).isZero();
    return out.strip();
  }

  private static String chartSystem(JsonObject manifest) {
    return objects(manifest.getJsonArray("webhookSubscriptions")).stream()
        .map(s -> s.getString("createdBy"))
        .findFirst()
        .orElse("upgrade-it");
  }

  /** The schema's owner on the embedded server the gateway runs (its port, its secret). */
  private static Connection owner(Path root) throws IOException, SQLException {
    List<String> pid = Files.readAllLines(root.resolve("data/postmaster.pid"));
    String password =
        Files.readString(EmbeddedPostgres.secretPath(root, DatabaseRoles.OWNER)).strip();
    PgEndpoint owner =
        new PgEndpoint(
            "127.0.0.1",
            Integer.parseInt(pid.get(3).strip()),
            "oqsgw",
            DatabaseRoles.OWNER,
            password);
    return DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
  }

  private static List<String> migrationsApplied(Connection owner) throws SQLException {
    List<String> versions = new ArrayList<>();
    try (PreparedStatement q =
            owner.prepareStatement(
                "select version from flyway_schema_history where success and version is not null"
                    + " order by installed_rank");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
    }
    return versions;
  }

  /** The newest migration in the jar under test. */
  private static String newestMigration() throws IOException {
    try (JarFile jar = new JarFile(GatewayProcess.jar().toFile())) {
      return jar.stream()
          .map(e -> MIGRATION.matcher(e.getName()))
          .filter(Matcher::matches)
          .map(m -> Integer.parseInt(m.group(1)))
          .max(Comparator.naturalOrder())
          .map(String::valueOf)
          .orElseThrow();
    }
  }

  private static List<Path> fixtures() throws IOException {
    try (Stream<Path> dirs = Files.list(FIXTURES)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static JsonObject manifest(Path fixture) throws IOException {
    return new JsonObject(Files.readString(fixture.resolve("manifest.json")));
  }

  private static Path resource(String name) {
    try {
      return Path.of(UpgradeFromFixturesIT.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
