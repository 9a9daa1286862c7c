package jp.oqsgateway.gateway.http.homevisit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The home-visit schedule through the API, against the gateway's real router and database: a day
 * posted by the chart system, one visit added or cancelled, and the day's listing with the
 * re-inquiry decision each visit would get.
 */
@ExtendWith(VertxExtension.class)
class VisitScheduleApiTest {
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final String SCHEDULE = "/api/v1/home-visit-schedule/";

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal("visit-schedule", Map.of())
          .andTerminal(PEOPLE);

  private static ChartApi chart;

  @BeforeAll
  static void start(Vertx vertx) {
    chart = new ChartApi(vertx, gw);
  }

  @Test
  void aDayPostedTwiceIsTheSameDayAndAVisitNoLongerListedIsCancelledButKept() {
    LocalDate day = today().plusDays(20);
    JsonArray three =
        new JsonArray()
            .add(visit("RT-1", "medical").put("time", "09:30"))
            .add(visit("RT-2", "訪問看護"))
            .add(visit("RT-3", "往診"));

    assertThat(replace(day, "?team=north", three)).isEqualTo(counts(3, 0, 0));
    assertThat(replace(day, "?team=north", three)).as("posted again").isEqualTo(counts(0, 3, 0));
    JsonArray other = new JsonArray().add(visit("RT-9", "medical").put("team", "south"));
    assertThat(replace(day, "", other.copy().add(visit("RT-1", "medical").put("team", "north"))))
        .as("the whole day: RT-2 and RT-3 of north go, south's RT-9 comes")
        .isEqualTo(counts(1, 1, 2));
    assertThat(replace(day, "?team=north", new JsonArray()))
        .as("north only: south's visit stays")
        .isEqualTo(counts(0, 0, 1));

    JsonArray listed = list(day, "").getJsonArray("visits");
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getString("chartPatientId")).isEqualTo("RT-9");
    assertThat(listed.getJsonObject(0).getString("team")).isEqualTo("south");
    assertThat(
            gw.firstRow(
                    "select count(*) as n from home_visit_schedule where visit_date = $1"
                        + " and cancelled_at is not null and cancelled_by is not null",
                    day)
                .getLong("n"))
        .as("cancelled visits are kept for audit")
        .isEqualTo(3L);
  }

  @Test
  void oneVisitIsScheduledOnceAndACancelledOneLeavesTheDay() {
    LocalDate day = today().plusDays(21);
    JsonObject body =
        visit("ONE-1", "ojin").put("date", day.toString()).put("team", "east").put("time", "14:00");

    HttpResponse<Buffer> first = post("/api/v1/home-visits", body);
    HttpResponse<Buffer> again = post("/api/v1/home-visits", body);

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
    JsonObject visit = first.bodyAsJsonObject();
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(visit.getString("id"));
    assertThat(visit.getString("visitKind")).isEqualTo("ojin");
    assertThat(visit.getString("label")).isEqualTo("往診");
    assertThat(visit.getString("time")).isEqualTo("14:00");
    assertThat(list(day, "?team=east").getJsonArray("visits")).hasSize(1);

    assertThat(delete("/api/v1/home-visits/" + visit.getString("id")).statusCode()).isEqualTo(204);
    assertThat(list(day, "?team=east").getJsonArray("visits")).isEmpty();
    assertThat(delete("/api/v1/home-visits/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
  }

  @Test
  void theDaysListingSaysForEachKindOfVisitWhetherTheGatewayWouldReInquireAndWhy() {
    LocalDate tomorrow = today().plusDays(1);
    relationship("DUE-1", "medical", today().minusDays(5));
    String ended = relationship("DUE-3", "nursing", today().minusDays(5));
    assertThat(
            post(
                    "/api/v1/home-visit-relationships/" + ended + "/end",
                    new JsonObject()
                        .put("lastVisitDate", today().toString())
                        .put("reason", "care-ended"))
                .statusCode())
        .isEqualTo(200);
    SimulatedPerson p = CheckBodies.coveredToday(PEOPLE, 3);
    relationship("DUE-4", "medical", today().minusDays(5));
    HttpResponse<Buffer> check =
        chart.postCheck(
            "?wait=20",
            CheckBodies.forPerson(p, CheckBodies.AS_OF, today()).put("chartPatientId", "DUE-4"));
    assertThat(check.statusCode()).as(check.bodyAsString()).isEqualTo(201);
    replace(
        tomorrow,
        "?team=west",
        new JsonArray()
            .add(visit("DUE-1", "medical"))
            .add(visit("DUE-1", "往診"))
            .add(visit("DUE-1", "オンライン診療"))
            .add(visit("DUE-2", "往診"))
            .add(visit("DUE-3", "nursing"))
            .add(visit("DUE-4", "medical")));

    Map<String, JsonObject> due =
        list(tomorrow, "?team=west").getJsonArray("visits").stream()
            .map(JsonObject.class::cast)
            .collect(
                Collectors.toMap(
                    v -> v.getString("chartPatientId") + " " + v.getString("visitKind"),
                    v -> v.getJsonObject("reinquiry")));

    assertThat(due.get("DUE-1 scheduled").getString("reason")).isEqualTo("within-window");
    assertThat(due.get("DUE-1 scheduled").getBoolean("eligible")).isTrue();
    assertThat(due.get("DUE-1 ojin").getString("reason"))
        .as("a 往診 while the continuing care exists")
        .isEqualTo("within-window");
    assertThat(due.get("DUE-1 online").getString("reason")).isEqualTo("online-care");
    assertThat(due.get("DUE-1 online").getBoolean("eligible")).isFalse();
    assertThat(due.get("DUE-2 ojin").getString("reason"))
        .as("a 往診 without continuing care")
        .isEqualTo("no-relationship");
    assertThat(due.get("DUE-2 ojin").getBoolean("eligible")).isFalse();
    assertThat(due.get("DUE-3 scheduled").getString("reason")).isEqualTo("ended");
    assertThat(due.get("DUE-1 scheduled").getBoolean("sendable")).isFalse();
    assertThat(due.get("DUE-1 scheduled").getString("blocked"))
        .as("no qualification known for the patient")
        .isEqualTo("no-numbers");
    assertThat(due.get("DUE-4 scheduled").getBoolean("sendable"))
        .as(due.get("DUE-4 scheduled").encode())
        .isTrue();
    assertThat(due.get("DUE-1 online").getString("blocked")).isEqualTo("not-eligible");
    assertThat(due.values())
        .allSatisfy(r -> assertThat(r.getString("on")).isEqualTo(tomorrow.toString()));
    assertThat(
            gw.firstRow(
                    "select count(*) as n from audit_read where purpose = 'home-visit'"
                        + " and chart_patient_id = 'DUE-2'")
                .getLong("n"))
        .as("the listing's read of a patient is audited")
        .isEqualTo(1L);
  }

  @Test
  void aScheduleThatBreaksARuleIsRefusedNamingTheField() {
    LocalDate day = today().plusDays(22);
    assertThat(
            problem(
                put(
                    SCHEDULE + day + "?team=a",
                    visits(
                        new JsonArray()
                            .add(visit("V-1", "medical"))
                            .add(visit("V-2", "訪問マッサージ"))))))
        .contains("visits[1].careForm", "unknown care form");
    assertThat(problem(put(SCHEDULE + "2025-02-30?team=a", visits(new JsonArray()))))
        .contains("date", "real date");
    assertThat(problem(put(SCHEDULE + day, visits(new JsonArray().add(visit("V-1", "medical"))))))
        .contains("visits[0].team", "required");
    assertThat(
            problem(
                put(
                    SCHEDULE + day + "?team=a",
                    visits(
                        new JsonArray().add(visit("V-1", "medical")).add(visit("V-1", "訪問診療"))))))
        .contains("visits[1]", "twice");
    assertThat(
            problem(
                put(
                    SCHEDULE + day + "?team=a",
                    visits(new JsonArray().add(visit("V-1", "medical").put("team", "b"))))))
        .contains("visits[0].team");
    JsonArray many = new JsonArray();
    IntStream.range(0, 501).forEach(i -> many.add(visit("M-" + i, "medical")));
    assertThat(put(SCHEDULE + day + "?team=a", visits(many)).statusCode())
        .as("too many visits in one request")
        .isEqualTo(400);
    assertThat(
            problem(
                post(
                    "/api/v1/home-visits",
                    visit("V-1", "medical")
                        .put("date", day.toString())
                        .put("team", "a")
                        .put("time", "9:5"))))
        .contains("time");
    assertThat(list(day, "?team=a").getJsonArray("visits")).as("nothing was stored").isEmpty();
  }

  private static String problem(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    return r.bodyAsString();
  }

  private static JsonObject counts(int created, int kept, int cancelled) {
    return new JsonObject().put("created", created).put("kept", kept).put("cancelled", cancelled);
  }

  private static JsonObject replace(LocalDate day, String query, JsonArray visits) {
    HttpResponse<Buffer> r = put(SCHEDULE + day + query, visits(visits));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject json = r.bodyAsJsonObject();
    return counts(
        json.getInteger("created"), json.getInteger("kept"), json.getInteger("cancelled"));
  }

  private static JsonObject list(LocalDate day, String query) {
    HttpResponse<Buffer> r = chart.get(SCHEDULE + day + query);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static String relationship(String patient, String form, LocalDate first) {
    HttpResponse<Buffer> r =
        post(
            "/api/v1/home-visit-relationships",
            new JsonObject()
                .put("chartPatientId", patient)
                .put("careForm", form)
                .put("firstVisitDate", first.toString()));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("id");
  }

  private static JsonObject visit(String patient, String careForm) {
    return new JsonObject().put("chartPatientId", patient).put("careForm", careForm);
  }

  private static JsonObject visits(JsonArray visits) {
    return new JsonObject().put("visits", visits);
  }

  private static LocalDate today() {
    return LocalDate.now(JST);
  }

  private static HttpResponse<Buffer> put(String path, JsonObject body) {
    return chart.send(HttpMethod.PUT, path, body);
  }

  private static HttpResponse<Buffer> post(String path, JsonObject body) {
    return chart.send(HttpMethod.POST, path, body);
  }

  private static HttpResponse<Buffer> delete(String path) {
    return chart.send(HttpMethod.DELETE, path, null);
  }
}
