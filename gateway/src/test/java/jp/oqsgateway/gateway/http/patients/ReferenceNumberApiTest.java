package jp.oqsgateway.gateway.http.patients;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 照会番号 registration through the API (OQSsiimm01, OQSmuimm01/02) against the gateway's real router,
 * link and database and the simulated terminal; and the automatic registration after a first link
 * on a second gateway configured for it.
 */
@ExtendWith(VertxExtension.class)
class ReferenceNumberApiTest {
  private static final LocalDate AS_OF = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final List<SimulatedPerson> REGISTRABLE = CheckBodies.registrable(PEOPLE);
  private static Side plain;
  private static Side auto;

  /** A gateway with the shortest answer deadline and pick-up threshold: the 503/504 paths. */
  private static Side deadlines;

  private static WebClient client;

  /** A gateway with its simulated terminal. */
  private record Side(InProcessGateway gw, TerminalSimulator terminal) {
    static Side start(String purpose, boolean autoRegister) {
      return start(purpose, settings(autoRegister));
    }

    static Side start(String purpose, Map<String, String> settings) {
      InProcessGateway gw = InProcessGateway.start(purpose, settings);
      TerminalSimulator terminal =
          new TerminalSimulator(SimulatorOptions.defaults(gw.home().resolve("var/oqs")), PEOPLE)
              .start();
      return new Side(gw, terminal);
    }

    static Map<String, String> settings(boolean autoRegister) {
      return new HashMap<>(
          Map.of(
              "oqs.institution-code",
              SimulatorOptions.DEFAULT_INSTITUTION,
              "oqs.link.scan-interval",
              "200ms",
              "oqs.link.bulk-reask-interval",
              "300ms",
              "oqs.link.face-max-age",
              "36500d",
              "oqs.reference-number.auto-register",
              String.valueOf(autoRegister)));
    }

    void stop() {
      terminal.stop();
      gw.close();
    }
  }

  @BeforeAll
  static void start(Vertx vertx) {
    plain = Side.start("refnum", false);
    auto = Side.start("refnum-auto", true);
    Map<String, String> quick = Side.settings(false);
    quick.put("oqs.link.timeout", "10s");
    quick.put("oqs.link.pickup-threshold", "3s");
    deadlines = Side.start("refnum-deadlines", quick);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    plain.stop();
    auto.stop();
    deadlines.stop();
  }

  @Test
  void aRegisteredReferenceNumberComesBackInTheNextCardReading() {
    SimulatedPerson p = REGISTRABLE.get(0);
    link(plain, "RN-1", cardReading(plain, p));
    assertThat(plain.terminal().referenceNumber(p.id())).as("not on link: auto is off").isEmpty();

    HttpResponse<Buffer> r = post(plain, "/api/v1/patients/RN-1/reference-number?wait=20", null);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject reg = r.bodyAsJsonObject();
    assertThat(reg.getString("state")).isEqualTo("REGISTERED");
    assertThat(r.getHeader("Location"))
        .isEqualTo("/api/v1/reference-registrations/" + reg.getString("id"));
    HttpResponse<Buffer> got = get(plain, r.getHeader("Location"));
    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    JsonObject stored = got.bodyAsJsonObject();
    assertThat(stored.getString("state")).isEqualTo("REGISTERED");
    assertThat(stored.getString("trigger")).isEqualTo("api");
    assertThat(stored.getString("chartPatientId")).isEqualTo("RN-1");
    assertThat(stored.getString("linkId")).isEqualTo(reg.getString("linkId"));
    assertThat(stored.getString("exchangeId")).isEqualTo(reg.getString("exchangeId"));
    assertThat(stored.getString("requestedAt")).isNotBlank();
    assertThat(stored.getString("finishedAt")).isNotBlank();
    assertThat(stored.containsKey("failure")).isFalse();
    assertThat(
            plain
                .gw()
                .firstRow(
                    "select count(*) from audit_read where purpose = 'reference-registration'"
                        + " and chart_patient_id = $1",
                    "RN-1")
                .getLong(0))
        .as("the registration's answer and its read are both audited")
        .isEqualTo(2);
    assertThat(reg.getString("referenceNumber")).isEqualTo("RN-1");
    assertThat(reg.getString("exchangeId")).isNotBlank();
    assertThat(plain.terminal().referenceNumber(p.id())).contains("RN-1");

    String next = cardReading(plain, p);
    JsonObject check = get(plain, "/api/v1/qualification-checks/" + next).bodyAsJsonObject();
    assertThat(
            check
                .getJsonObject("qualification")
                .getJsonArray("results")
                .getJsonObject(0)
                .getString("referenceNumber"))
        .isEqualTo("RN-1");
    assertAssignedAutomatically(plain, next, "RN-1");
    assertThat(registrations(plain, "RN-1", "api")).isEqualTo(1);
  }

  @Test
  void aPatientWithoutAnActiveLinkIsA404() {
    HttpResponse<Buffer> r = post(plain, "/api/v1/patients/NOBODY-1/reference-number", null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(404);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void aQualificationWithoutABranchNumberCannotCarryAReferenceNumberAndSays409() {
    SimulatedPerson p =
        PEOPLE.persons().stream()
            .filter(x -> !x.hasTag("multiple") && !x.hasTag("notFound"))
            .filter(
                x ->
                    x.coverageOn(AS_OF)
                        .filter(c -> c.branch() == null)
                        .filter(c -> !c.insurerNumber().strip().startsWith("39"))
                        .filter(c -> c.insurerNumber().strip().length() >= 6)
                        .isPresent())
            .findFirst()
            .orElseThrow();
    link(plain, "NOBRANCH-1", cardReading(plain, p));

    HttpResponse<Buffer> r = post(plain, "/api/v1/patients/NOBRANCH-1/reference-number", null);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("type")).endsWith("not-registrable");
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("枝番");
    assertThat(registrations(plain, "NOBRANCH-1", "api")).as("nothing sent").isZero();
  }

  @Test
  void aRegistrationOqsRefusedIsA502AndAPersonMayRetryItOnce() {
    SimulatedPerson p = REGISTRABLE.get(7);
    link(plain, "RETRY-1", cardReading(plain, p));
    plain.terminal().faults().add(FaultRule.next("OQSsiimm01", 1, FaultType.ERR));

    HttpResponse<Buffer> r = post(plain, "/api/v1/patients/RETRY-1/reference-number?wait=20", null);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(502);
    String failed = r.bodyAsJsonObject().getString("registrationId");
    JsonObject stored = get(plain, "/api/v1/reference-registrations/" + failed).bodyAsJsonObject();
    assertThat(stored.getString("state")).isEqualTo("FAILED");
    assertThat(stored.getString("failure")).isEqualTo("OQS_ERROR");
    assertThat(plain.terminal().referenceNumber(p.id())).isEmpty();

    HttpResponse<Buffer> retried = retry(plain, failed);

    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    JsonObject retry = retried.bodyAsJsonObject();
    assertThat(retry.getString("state")).isEqualTo("REGISTERED");
    assertThat(retry.getString("trigger")).isEqualTo("retry");
    assertThat(retry.getString("retryOf")).isEqualTo(failed);
    assertThat(retry.getString("exchangeId")).isNotEqualTo(stored.getString("exchangeId"));
    assertThat(retried.getHeader("Location")).endsWith(retry.getString("id"));
    assertThat(plain.terminal().referenceNumber(p.id())).contains("RETRY-1");

    HttpResponse<Buffer> twice = retry(plain, failed);
    assertThat(twice.statusCode()).isEqualTo(409);
    assertThat(twice.bodyAsJsonObject().getString("type")).endsWith("already-retried");
    assertThat(twice.bodyAsJsonObject().getString("detail")).contains(retry.getString("id"));
    HttpResponse<Buffer> notFailed = retry(plain, retry.getString("id"));
    assertThat(notFailed.statusCode()).isEqualTo(409);
    assertThat(notFailed.bodyAsJsonObject().getString("type")).endsWith("not-failed");
    assertThat(retry(plain, java.util.UUID.randomUUID().toString()).statusCode()).isEqualTo(404);
  }

  @Test
  void aRegistrationTheTerminalTookButNeverAnsweredIsA504AndRetriesEndEachTheirOwnWay() {
    SimulatedPerson p = REGISTRABLE.get(8);
    link(deadlines, "UNKNOWN-1", cardReading(deadlines, p));
    deadlines.terminal().faults().add(FaultRule.next("OQSsiimm01", 1, FaultType.NO_ANSWER));

    HttpResponse<Buffer> r =
        post(deadlines, "/api/v1/patients/UNKNOWN-1/reference-number?wait=30", null);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(504);
    assertThat(r.bodyAsJsonObject().getString("type")).endsWith("reference-outcome-unknown");
    String unknown = r.bodyAsJsonObject().getString("registrationId");
    assertThat(
            get(deadlines, "/api/v1/reference-registrations/" + unknown)
                .bodyAsJsonObject()
                .getString("failure"))
        .isEqualTo("OUTCOME_UNKNOWN");

    // A retry can end like the registration itself: no answer again (504), refused (502), slow
    // (202).
    deadlines.terminal().faults().add(FaultRule.next("OQSsiimm01", 1, FaultType.NO_ANSWER));
    HttpResponse<Buffer> unanswered = retry(deadlines, unknown, 30);
    assertThat(unanswered.statusCode()).as(unanswered.bodyAsString()).isEqualTo(504);
    String second = unanswered.bodyAsJsonObject().getString("registrationId");
    assertThat(second).isNotEqualTo(unknown);

    deadlines.terminal().faults().add(FaultRule.next("OQSsiimm01", 1, FaultType.ERR));
    HttpResponse<Buffer> refused = retry(deadlines, second, 20);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(502);
    String third = refused.bodyAsJsonObject().getString("registrationId");

    deadlines
        .terminal()
        .faults()
        .add(FaultRule.next("OQSsiimm01", 1, FaultType.LATENCY).withMillis(1500));
    HttpResponse<Buffer> slow = retry(deadlines, third, 0);
    assertThat(slow.statusCode()).as(slow.bodyAsString()).isEqualTo(202);
    assertThat(slow.bodyAsJsonObject().getString("retryOf")).isEqualTo(third);
    String location = slow.getHeader("Location");
    await("the slow retry is answered")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(deadlines, location)
                    .bodyAsJsonObject()
                    .getString("state")
                    .equals("REGISTERED"));
    assertThat(deadlines.terminal().referenceNumber(p.id())).contains("UNKNOWN-1");
  }

  @Test
  void aRegistrationTheTerminalNeverPickedUpIsA503() {
    SimulatedPerson p = REGISTRABLE.get(9);
    link(deadlines, "DOWN-1", cardReading(deadlines, p));
    deadlines.terminal().faults().setDown(true);
    try {
      HttpResponse<Buffer> r =
          post(deadlines, "/api/v1/patients/DOWN-1/reference-number?wait=30", null);

      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("type")).endsWith("reference-link-down");
      assertThat(r.bodyAsJsonObject().getString("registrationId")).isNotBlank();
    } finally {
      deadlines.terminal().faults().setDown(false);
    }
  }

  @Test
  void aBulkRegistrationReportsEachPatient() {
    SimulatedPerson a = REGISTRABLE.get(1);
    SimulatedPerson b = REGISTRABLE.get(2);
    link(plain, "BULK-1", cardReading(plain, a));
    link(plain, "BULK-2", cardReading(plain, b));

    HttpResponse<Buffer> r =
        post(
            plain,
            "/api/v1/reference-numbers/bulk?wait=60",
            new JsonObject()
                .put("chartPatientIds", new JsonArray().add("BULK-1").add("BULK-2").add("BULK-X")));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray results = r.bodyAsJsonObject().getJsonArray("results");
    assertThat(results.stream().map(o -> ((JsonObject) o).getString("outcome")))
        .containsExactly("REGISTERED", "REGISTERED", "NO_ACTIVE_LINK");
    String bulkId = r.bodyAsJsonObject().getString("bulkId");
    assertThat(r.getHeader("Location")).isEqualTo("/api/v1/reference-registrations?bulk=" + bulkId);
    HttpResponse<Buffer> got = get(plain, r.getHeader("Location"));
    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    assertThat(got.bodyAsJsonObject().getBoolean("finished")).isTrue();
    JsonArray stored = got.bodyAsJsonObject().getJsonArray("registrations");
    assertThat(stored.stream().map(o -> ((JsonObject) o).getString("chartPatientId")))
        .containsExactly("BULK-1", "BULK-2");
    for (Object o : stored) {
      JsonObject reg = (JsonObject) o;
      assertThat(reg.getString("state")).isEqualTo("REGISTERED");
      assertThat(reg.getString("trigger")).isEqualTo("bulk");
      assertThat(reg.getString("bulkId")).isEqualTo(bulkId);
      assertThat(reg.getString("exchangeId")).isNotBlank();
      assertThat(reg.getString("downloadExchangeId")).isNotBlank();
    }
    assertThat(plain.terminal().referenceNumber(a.id())).contains("BULK-1");
    assertThat(plain.terminal().referenceNumber(b.id())).contains("BULK-2");
    assertAssignedAutomatically(plain, cardReading(plain, a), "BULK-1");
    assertAssignedAutomatically(plain, cardReading(plain, b), "BULK-2");
  }

  @Test
  void badInputMissingTokensAndMissingRolesAreRefused() {
    String single = "/api/v1/patients/RN-9/reference-number";
    String bulk = "/api/v1/reference-numbers/bulk";
    JsonObject ids = new JsonObject().put("chartPatientIds", new JsonArray().add("A-1"));
    assertThat(post(plain, "/api/v1/patients/bad%20id/reference-number", null).statusCode())
        .isEqualTo(400);
    assertThat(post(plain, single + "?wait=999", null).statusCode()).isEqualTo(400);
    assertThat(
            post(plain, bulk, new JsonObject().put("chartPatientIds", new JsonArray()))
                .statusCode())
        .isEqualTo(400);
    assertThat(post(plain, bulk, ids.copy().put("colour", "red")).statusCode()).isEqualTo(400);
    assertThat(
            post(plain, bulk, new JsonObject().put("chartPatientIds", new JsonArray().add("a b")))
                .statusCode())
        .isEqualTo(400);
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 501; i++) {
      tooMany.add("P-" + i);
    }
    assertThat(post(plain, bulk, new JsonObject().put("chartPatientIds", tooMany)).statusCode())
        .isEqualTo(400);

    assertThat(send(plain, single, null, null).statusCode()).isEqualTo(401);
    assertThat(send(plain, bulk, ids, null).statusCode()).isEqualTo(401);
    for (Role r : List.of(Role.CLINICIAN, Role.OPS)) {
      assertThat(send(plain, single, null, plain.gw().bearer(r)).statusCode())
          .as(r.claimValue())
          .isEqualTo(403);
    }
    for (Role r : List.of(Role.RECEPTION, Role.CLINICIAN, Role.OPS)) {
      assertThat(send(plain, bulk, ids, plain.gw().bearer(r)).statusCode())
          .as(r.claimValue())
          .isEqualTo(403);
    }
    assertThat(send(plain, single, null, plain.gw().bearer(Role.RECEPTION)).statusCode())
        .as("reception may register one patient")
        .isEqualTo(404);
    assertThat(send(plain, bulk, ids, plain.gw().bearer(Role.ADMIN)).statusCode())
        .as("admin may register in bulk")
        .isEqualTo(200);
  }

  @Test
  void aFirstLinkRegistersTheChartPatientIdOnceWhenConfigured() {
    SimulatedPerson p = REGISTRABLE.get(3);
    String reading = cardReading(auto, p);
    link(auto, "AUTO-1", reading);

    await("the terminal holds the reference number")
        .atMost(Duration.ofSeconds(20))
        .until(() -> auto.terminal().referenceNumber(p.id()).isPresent());
    assertThat(auto.terminal().referenceNumber(p.id())).contains("AUTO-1");
    await("the registration ended")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !state(auto, "AUTO-1").equals("WAITING"));
    assertThat(state(auto, "AUTO-1")).isEqualTo("REGISTERED");
    assertAssignedAutomatically(auto, cardReading(auto, p), "AUTO-1");

    HttpResponse<Buffer> again =
        send(
            auto,
            "/api/v1/patients/AUTO-1/links/" + reading,
            null,
            auto.gw().bearer(Role.CHART),
            true);
    assertThat(again.statusCode()).as("already linked").isEqualTo(200);
    LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    assertThat(registrations(auto, "AUTO-1", "auto")).isEqualTo(1);
  }

  @Test
  void readingRegistrationsRefusesBadIdsUnknownIdsMissingTokensAndOtherRoles() {
    String unknown = "/api/v1/reference-registrations/" + java.util.UUID.randomUUID();
    HttpResponse<Buffer> missing = get(plain, unknown);
    assertThat(missing.statusCode()).as(missing.bodyAsString()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> noBulk =
        get(plain, "/api/v1/reference-registrations?bulk=" + java.util.UUID.randomUUID());
    assertThat(noBulk.statusCode()).as(noBulk.bodyAsString()).isEqualTo(404);
    assertThat(noBulk.getHeader("Content-Type")).isEqualTo("application/problem+json");

    assertThat(get(plain, "/api/v1/reference-registrations/not-a-uuid").statusCode())
        .isEqualTo(400);
    assertThat(get(plain, "/api/v1/reference-registrations?bulk=nope").statusCode()).isEqualTo(400);
    assertThat(get(plain, "/api/v1/reference-registrations").statusCode())
        .as("bulk is required")
        .isEqualTo(400);

    assertThat(get(plain, unknown, null).statusCode()).isEqualTo(401);
    for (Role r : List.of(Role.CLINICIAN, Role.OPS)) {
      assertThat(get(plain, unknown, plain.gw().bearer(r)).statusCode())
          .as(r.claimValue())
          .isEqualTo(403);
    }
    for (Role r : List.of(Role.CHART, Role.RECEPTION, Role.ADMIN)) {
      assertThat(get(plain, unknown, plain.gw().bearer(r)).statusCode())
          .as(r.claimValue())
          .isEqualTo(404);
    }
  }

  @Test
  void aRegistrationLeftWaitingByAStoppedGatewayEndsOnTheNextStart() throws Exception {
    try (SharedTerminal shared = SharedTerminal.start("oqsgw-refnum-restart-")) {
      TerminalSimulator terminal = shared.terminal();
      SimulatedPerson p = REGISTRABLE.get(4);
      Side first = new Side(shared.gateway("refnum_restart"), terminal);
      String location;
      try {
        link(first, "RESTART-1", cardReading(first, p));
        terminal.faults().setDown(true);
        HttpResponse<Buffer> r =
            post(first, "/api/v1/patients/RESTART-1/reference-number?wait=0", null);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("WAITING");
        location = r.getHeader("Location");
        assertThat(location).isNotNull();
        String id = r.bodyAsJsonObject().getString("id");
        await("the registration is handed to the link")
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  JsonObject now = get(first, location).bodyAsJsonObject();
                  return now.containsKey("exchangeId");
                });
        assertThat(get(first, location).bodyAsJsonObject().getString("state")).isEqualTo("WAITING");
        // A row the gateway stored but never handed to the link (stopped in between).
        first
            .gw()
            .query(
                "insert into reference_registration (id, trigger, chart_patient_id, link_id,"
                    + " reference_number, state, requested_by) select $1, 'api', chart_patient_id,"
                    + " link_id, reference_number, 'WAITING', 'test' from reference_registration"
                    + " where id = $2",
                java.util.UUID.fromString(NEVER_SENT),
                java.util.UUID.fromString(id));
      } finally {
        first.gw().close();
      }

      try (InProcessGateway second = shared.gateway("refnum_unused")) {
        Side again = new Side(second, terminal);
        JsonObject never =
            get(again, "/api/v1/reference-registrations/" + NEVER_SENT).bodyAsJsonObject();
        assertThat(never.getString("state")).isEqualTo("FAILED");
        assertThat(never.getString("failure")).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(never.getString("detail")).contains("before the request was handed to the link");

        terminal.faults().setDown(false);
        await("the registration ends")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    !get(again, location).bodyAsJsonObject().getString("state").equals("WAITING"));
        JsonObject ended = get(again, location).bodyAsJsonObject();
        assertThat(ended.getString("state")).as(ended.encode()).isEqualTo("REGISTERED");
        assertThat(terminal.referenceNumber(p.id())).contains("RESTART-1");
      }
    }
  }

  @Test
  void aBulkRegistrationLeftWaitingByAStoppedGatewayEndsOnTheNextStart() throws Exception {
    try (SharedTerminal shared = SharedTerminal.start("oqsgw-refnum-restart-bulk-")) {
      TerminalSimulator terminal = shared.terminal();
      SimulatedPerson a = REGISTRABLE.get(5);
      SimulatedPerson b = REGISTRABLE.get(6);
      Side first = new Side(shared.gateway("refnum_restart_bulk"), terminal);
      String location;
      try {
        link(first, "RB-1", cardReading(first, a));
        link(first, "RB-2", cardReading(first, b));
        terminal.faults().setDown(true);
        HttpResponse<Buffer> r =
            post(
                first,
                "/api/v1/reference-numbers/bulk?wait=0",
                new JsonObject().put("chartPatientIds", new JsonArray().add("RB-1").add("RB-2")));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        location = r.getHeader("Location");
        assertThat(location).startsWith("/api/v1/reference-registrations?bulk=");
        await("the upload is handed to the link")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    get(first, location).bodyAsJsonObject().getJsonArray("registrations").stream()
                        .allMatch(o -> ((JsonObject) o).containsKey("exchangeId")));
      } finally {
        first.gw().close();
      }

      try (InProcessGateway second = shared.gateway("refnum_unused_bulk")) {
        Side again = new Side(second, terminal);
        terminal.faults().setDown(false);
        await("the bulk registration ends")
            .atMost(Duration.ofSeconds(30))
            .until(() -> get(again, location).bodyAsJsonObject().getBoolean("finished"));
        JsonObject ended = get(again, location).bodyAsJsonObject();
        for (Object o : ended.getJsonArray("registrations")) {
          assertThat(((JsonObject) o).getString("state"))
              .as(ended.encode())
              .isEqualTo("REGISTERED");
          assertThat(((JsonObject) o).getString("downloadExchangeId")).isNotBlank();
        }
        assertThat(terminal.referenceNumber(a.id())).contains("RB-1");
        assertThat(terminal.referenceNumber(b.id())).contains("RB-2");
      }
    }
  }

  /**
   * A terminal on a folder of its own that outlives the gateways a restart test starts one after
   * the other.
   */
  private record SharedTerminal(Path root, Map<String, String> settings, TerminalSimulator terminal)
      implements AutoCloseable {
    static SharedTerminal start(String prefix) throws IOException {
      Path root = Files.createTempDirectory(prefix);
      Map<String, String> settings = Side.settings(false);
      settings.put("oqs.root", root.toString());
      return new SharedTerminal(
          root, settings, new TerminalSimulator(SimulatorOptions.defaults(root), PEOPLE).start());
    }

    /** Starts a gateway on this terminal; those after the first find the first's database. */
    InProcessGateway gateway(String purpose) {
      InProcessGateway gw = InProcessGateway.start(purpose, settings);
      settings.putIfAbsent("pg.url", TestDatabase.url(gw.gateway().database().endpoint()));
      return gw;
    }

    @Override
    public void close() {
      terminal.stop();
      TestDatabase.deleteQuietly(root);
    }
  }

  private static final String NEVER_SENT = "00000000-0000-4000-8000-00000000beef";

  // ------------------------------------------------------------------ helpers

  /**
   * The reading's candidates name the patient automatically by its 照会番号: the registration set the
   * number on the link, so no linking again was needed.
   */
  /**
   * The reading's 照会番号 names exactly one linked patient: the reading is that patient's on arrival
   * (no person need choose), so it has no candidates left.
   */
  private static void assertAssignedAutomatically(Side side, String checkId, String patient) {
    HttpResponse<Buffer> latest =
        get(side, "/api/v1/patients/" + patient + "/qualification?source=face");
    assertThat(latest.statusCode()).as(latest.bodyAsString()).isEqualTo(200);
    assertThat(latest.bodyAsJsonObject().getString("checkId")).isEqualTo(checkId);
    HttpResponse<Buffer> r = get(side, "/api/v1/qualification-checks/" + checkId + "/candidates");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("chartPatientId")).isEqualTo(patient);
  }

  private static void link(Side side, String patient, String checkId) {
    HttpResponse<Buffer> r =
        send(
            side,
            "/api/v1/patients/" + patient + "/links/" + checkId,
            null,
            side.gw().bearer(Role.CHART),
            true);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  private static HttpResponse<Buffer> retry(Side side, String registrationId) {
    return retry(side, registrationId, 20);
  }

  private static HttpResponse<Buffer> retry(Side side, String registrationId, int wait) {
    return post(
        side, "/api/v1/reference-registrations/" + registrationId + "/retry?wait=" + wait, null);
  }

  private static HttpResponse<Buffer> get(Side side, String path) {
    return get(side, path, side.gw().bearer(Role.CHART));
  }

  private static HttpResponse<Buffer> get(Side side, String path, String authorization) {
    var request = client.get(side.gw().apiPort(), "127.0.0.1", path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().await();
  }

  private static HttpResponse<Buffer> post(Side side, String path, JsonObject body) {
    return send(side, path, body, side.gw().bearer(Role.CHART));
  }

  private static HttpResponse<Buffer> send(
      Side side, String path, JsonObject body, String authorization) {
    return send(side, path, body, authorization, false);
  }

  private static HttpResponse<Buffer> send(
      Side side, String path, JsonObject body, String authorization, boolean put) {
    var request =
        put
            ? client.put(side.gw().apiPort(), "127.0.0.1", path)
            : client.post(side.gw().apiPort(), "127.0.0.1", path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private static long registrations(Side side, String patient, String trigger) {
    return side.gw()
        .firstRow(
            "select count(*) from reference_registration where chart_patient_id = $1"
                + " and trigger = $2",
            patient,
            trigger)
        .getLong(0);
  }

  private static String state(Side side, String patient) {
    var rows =
        side.gw()
            .query("select state from reference_registration where chart_patient_id = $1", patient);
    return rows.size() == 0 ? "WAITING" : rows.iterator().next().getString("state");
  }

  /** A My Number card read at 10:00 on the population's day; waits for it to become a check. */
  private static String cardReading(Side side, SimulatedPerson p) {
    Instant at = AS_OF.atTime(LocalTime.of(10, 0)).atZone(JST).toInstant();
    Path file = side.terminal().simulateCardReading(p.id(), at);
    return side.gw().awaitCheckOfResultFile(file);
  }
}
