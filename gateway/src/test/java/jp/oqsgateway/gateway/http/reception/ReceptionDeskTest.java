package jp.oqsgateway.gateway.http.reception;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.reception.DeskCodes;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reception desks sign in with their codes and see their own desk only: sign-in, the desk-bound
 * token on desk-scoped operations, recent checks and a desk's state, over real HTTP against the
 * gateway's database and the simulated terminal's face reader (which stands at uketsuke-1).
 */
@ExtendWith(VertxExtension.class)
class ReceptionDeskTest {
  private static final LocalDate AS_OF = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
              "reception",
              Map.of("oqs.link.face-max-age", "36500d", "oqs.face-reader.desk", "uketsuke-1"))
          .andTerminal(PEOPLE);

  private static String deskOneCode;
  private static String deskTwoCode;

  @BeforeAll
  static void codes() {
    DeskCodes codes = new DeskCodes(gw.config().reception().deskCodesFile());
    deskOneCode = codes.add("uketsuke-1");
    deskTwoCode = codes.add("uketsuke-2");
  }

  @Test
  void aDeskSignsInWithItsCodeAndItsTokenSeesOnlyItsDesk() {
    HttpResponse<Buffer> signIn = signIn(gw.client(), "uketsuke-1", deskOneCode);
    assertThat(signIn.statusCode()).as(signIn.bodyAsString()).isEqualTo(201);
    JsonObject session = signIn.bodyAsJsonObject();
    assertThat(session.getString("desk")).isEqualTo("uketsuke-1");
    assertThat(Instant.parse(session.getString("expiresAt")))
        .as("reception.session-ttl 10h")
        .isBetween(Instant.now().plusSeconds(10 * 3600 - 120), Instant.now().plusSeconds(36000));
    String deskOne = "Bearer " + session.getString("token");
    HttpResponse<Buffer> noCode =
        gw.client()
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/reception/sessions")
            .sendJsonObject(new JsonObject().put("desk", "uketsuke-1"))
            .await();
    assertThat(noCode.statusCode()).isEqualTo(400);

    assertThat(get(deskOne, "/api/v1/card-link-tasks?desk=uketsuke-1").statusCode()).isEqualTo(200);
    assertDeskNotAllowed(get(deskOne, "/api/v1/card-link-tasks?desk=uketsuke-2"));
    assertDeskNotAllowed(get(deskOne, "/api/v1/desks/uketsuke-2/state"));
    assertDeskNotAllowed(get(deskOne, "/api/v1/qualification-checks?desk=uketsuke-2"));
    assertThat(get(deskOne, "/api/v1/desks/uketsuke-1/state").statusCode()).isEqualTo(200);
    assertThat(
            get(gw.bearer(Role.RECEPTION), "/api/v1/card-link-tasks?desk=uketsuke-2").statusCode())
        .as("a reception token without desks is a back office: every desk")
        .isEqualTo(200);
    assertThat(get(deskOne, "/api/v1/patients/X-1/links").statusCode())
        .as("a desk's token is a reception token, nothing more")
        .isIn(200, 404);
    assertThat(get(deskOne, "/api/v1/webhook-subscriptions").statusCode()).isEqualTo(403);
  }

  @Test
  void aDesksTokenReadsTheChecksOfItsDeskAndNoOtherDesks() {
    String check = faceReading(person(7)); // the face reader stands at uketsuke-1
    String deskOne = deskBearer("uketsuke-1", deskOneCode);
    String deskTwo = deskBearer("uketsuke-2", deskTwoCode);
    assertThat(get(deskOne, "/api/v1/qualification-checks/" + check).statusCode()).isEqualTo(200);
    assertDeskNotAllowed(get(deskTwo, "/api/v1/qualification-checks/" + check));
    assertThat(get(gw.bearer(Role.RECEPTION), "/api/v1/qualification-checks/" + check).statusCode())
        .as("a reception token without desks is a back office: every desk")
        .isEqualTo(200);
  }

  @Test
  void aWrongCodeAndAnUnknownDeskGetTheSame401AndTheSixthTryInAMinuteIs429() {
    WebClient fromAnotherPc =
        WebClient.create(gw.gateway().vertx(), new WebClientOptions().setLocalAddress("127.0.0.7"));
    HttpResponse<Buffer> wrongCode = signIn(fromAnotherPc, "uketsuke-1", "not-the-code");
    HttpResponse<Buffer> unknownDesk = signIn(fromAnotherPc, "uketsuke-9", deskOneCode);
    assertThat(wrongCode.statusCode()).isEqualTo(401);
    assertThat(unknownDesk.statusCode()).isEqualTo(401);
    assertThat(unknownDesk.bodyAsJsonObject().copy().put("requestId", ""))
        .as("nothing tells an unknown desk from a wrong code")
        .isEqualTo(wrongCode.bodyAsJsonObject().copy().put("requestId", ""));
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(fromAnotherPc, "uketsuke-2", "guess-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> sixth = signIn(fromAnotherPc, "uketsuke-2", deskTwoCode);
    assertThat(sixth.statusCode()).as("even with the right code").isEqualTo(429);
    assertThat(Integer.parseInt(sixth.getHeader("Retry-After"))).isPositive();
    assertThat(signIn(gw.client(), "uketsuke-2", deskTwoCode).statusCode())
        .as("another address is not held off")
        .isEqualTo(201);
    fromAnotherPc.close();
  }

  @Test
  void aDeskListsItsReadingsNewestFirstPageByPageAndItsStateNamesTheNewestEvent() {
    String older = faceReading(person(1));
    String newer = faceReading(person(2));
    String deskOne = deskBearer("uketsuke-1", deskOneCode);
    String deskTwo = deskBearer("uketsuke-2", deskTwoCode);

    JsonObject first = get(deskOne, "/api/v1/qualification-checks?limit=1").bodyAsJsonObject();
    assertThat(ids(first)).containsExactly(newer);
    JsonObject summary = first.getJsonArray("items").getJsonObject(0);
    assertThat(summary.getString("source")).isEqualTo("face");
    assertThat(summary.getString("desk")).isEqualTo("uketsuke-1");
    assertThat(summary.getString("state")).isEqualTo("ANSWERED");
    assertThat(summary.getJsonObject("qualification").getJsonObject("validity").getString("label"))
        .isEqualTo("有効");
    assertThat(summary.getJsonObject("qualification").getString("insurerNumber")).isNotBlank();
    String cursor = first.getString("nextCursor");
    assertThat(cursor).isNotBlank();
    JsonObject second =
        get(deskOne, "/api/v1/qualification-checks?limit=1&cursor=" + cursor).bodyAsJsonObject();
    assertThat(ids(second)).containsExactly(older);
    String newerAt = summary.getString("createdAt");
    assertThat(
            ids(get(deskOne, "/api/v1/qualification-checks?until=" + newerAt).bodyAsJsonObject()))
        .as("until is exclusive")
        .contains(older)
        .doesNotContain(newer);
    assertThat(
            ids(get(deskOne, "/api/v1/qualification-checks?since=" + newerAt).bodyAsJsonObject()))
        .containsExactly(newer);
    assertThat(get(deskOne, "/api/v1/qualification-checks?since=yesterday").statusCode())
        .isEqualTo(400);
    assertThat(get(deskOne, "/api/v1/qualification-checks?cursor=x").statusCode()).isEqualTo(400);
    assertThat(get(deskOne, "/api/v1/qualification-checks?limit=101").statusCode()).isEqualTo(400);
    assertThat(ids(get(deskTwo, "/api/v1/qualification-checks").bodyAsJsonObject()))
        .as("another desk's readings")
        .isEmpty();

    HttpResponse<Buffer> r = get(deskOne, "/api/v1/desks/uketsuke-1/state");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject state = r.bodyAsJsonObject();
    String newestEvent =
        gw.firstRow("select id from outbox_event order by recorded_at desc, id desc limit 1")
            .getUUID(0)
            .toString();
    assertThat(state.getString("latestEventId")).isEqualTo(newestEvent);
    assertThat(ids(state.getJsonArray("checks"))).startsWith(newer, older);
    assertThat(ids(state.getJsonArray("unassignedReadings"))).contains(newer, older);
    assertThat(state.getJsonArray("linkTasks")).isEmpty();
    assertThat(
            gw.firstRow(
                    "select count(*) from audit_read where purpose = 'desk-state'"
                        + " and check_id = $1::uuid",
                    newer)
                .getLong(0))
        .as("every check shown is audited")
        .isPositive();
  }

  @Test
  void aSummaryNamesTheElderlyRecipientsCertificateAndTheSpecificDiseaseItsAnswerCarries() {
    String elderly = faceReading(tagged("elderly:"));
    String disease = faceReading(tagged("disease:"));
    String back = gw.bearer(Role.CHART);
    List<JsonObject> items =
        get(back, "/api/v1/qualification-checks?source=face&limit=100")
            .bodyAsJsonObject()
            .getJsonArray("items")
            .stream()
            .map(o -> (JsonObject) o)
            .toList();
    JsonObject e = find(items, elderly).getJsonObject("qualification");
    assertThat(e.getJsonObject("elderlyRecipient").getInteger("elderlyRecipientContributionRatio"))
        .as(e.encode())
        .isPositive();
    JsonObject d = find(items, disease).getJsonObject("qualification");
    assertThat(d.getJsonObject("specificDiseases").encode())
        .as("特定疾病 with its category in plain words")
        .contains("人工透析");
  }

  private static JsonObject find(List<JsonObject> items, String id) {
    return items.stream().filter(i -> id.equals(i.getString("id"))).findFirst().orElseThrow();
  }

  private static SimulatedPerson tagged(String prefix) {
    return PEOPLE.persons().stream()
        .filter(p -> p.tags().stream().anyMatch(t -> t.startsWith(prefix)))
        .filter(p -> p.coverageOn(AS_OF).isPresent())
        .findFirst()
        .orElseThrow();
  }

  private static void assertDeskNotAllowed(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(403);
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("type")).endsWith("/desk-not-allowed");
    assertThat(problem.getString("field")).isEqualTo("desk");
  }

  /** The Authorization header of a desk signed in with its code. */
  private static String deskBearer(String desk, String code) {
    return "Bearer " + signIn(gw.client(), desk, code).bodyAsJsonObject().getString("token");
  }

  private static HttpResponse<Buffer> signIn(WebClient client, String desk, String code) {
    return client
        .post(gw.apiPort(), "127.0.0.1", "/api/v1/reception/sessions")
        .sendJsonObject(new JsonObject().put("desk", desk).put("code", code))
        .await();
  }

  private static HttpResponse<Buffer> get(String bearer, String path) {
    return gw.client()
        .get(gw.apiPort(), "127.0.0.1", path)
        .putHeader("Authorization", bearer)
        .send()
        .await();
  }

  private static List<String> ids(JsonObject page) {
    return ids(page.getJsonArray("items"));
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static SimulatedPerson person(int n) {
    return PEOPLE.withTag("noExpiry").stream()
        .filter(p -> p.coverageOn(AS_OF).isPresent())
        .skip(n - 1L)
        .findFirst()
        .orElseThrow();
  }

  private static String faceReading(SimulatedPerson p) {
    Instant at = AS_OF.atTime(LocalTime.of(10, 0)).atZone(ZoneId.of("Asia/Tokyo")).toInstant();
    Path file = gw.terminal().simulateCardReading(p.id(), at);
    return gw.awaitCheckOfResultFile(file);
  }
}
