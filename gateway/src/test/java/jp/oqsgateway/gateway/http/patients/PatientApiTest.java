package jp.oqsgateway.gateway.http.patients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.link.ExchangeState;
import jp.oqsgateway.gateway.oqs.link.OqsRequest;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistrationRequest;
import jp.oqsgateway.gateway.oqs.simulator.ChartIdentity;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart patient's side of qualifications through the API: latest qualification, links,
 * candidates for card readings, the insurance diff and the read audit, against the gateway's real
 * router, link and database and the simulated terminal on the same folders.
 */
@ExtendWith(VertxExtension.class)
class PatientApiTest {
  private static final LocalDate AS_OF = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);
  private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
              // card readings are made on the population's day, long ago for the link
              "patients",
              Map.of("oqs.link.face-max-age", "36500d", "oqs.face-reader.desk", "uketsuke-1"))
          .andTerminal(PEOPLE);

  private static ChartApi admin;
  private static String chart;

  @BeforeAll
  static void start(Vertx vertx) {
    admin = new ChartApi(vertx, gw, Role.ADMIN);
    chart = gw.bearer(Role.CHART);
  }

  // ------------------------------------------------------------------ latest qualification

  @Test
  void theLatestQualificationIsServedAfterACheckAndIsA404Before() {
    SimulatedPerson p = PEOPLE.first("elderly:030");
    String patient = "LATEST-1";
    HttpResponse<Buffer> before = get("/api/v1/patients/" + patient + "/qualification");
    assertThat(before.statusCode()).isEqualTo(404);
    assertThat(before.getHeader("Content-Type")).isEqualTo("application/problem+json");

    String checkId = cardNumberCheck(p, patient);

    HttpResponse<Buffer> r = get("/api/v1/patients/" + patient + "/qualification");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject latest = r.bodyAsJsonObject();
    assertThat(latest.getString("checkId")).isEqualTo(checkId);
    assertThat(latest.getString("source")).isEqualTo("api");
    assertThat(latest.getString("confirmationDate")).isEqualTo(AS_OF.toString());
    assertThat(latest.getBoolean("stale")).isFalse();
    assertThat(latest.getLong("ageSeconds")).isBetween(0L, 600L);
    assertThat(
            latest
                .getJsonObject("qualification")
                .getJsonObject("qualificationValidity")
                .getString("label"))
        .isEqualTo("有効");

    assertThat(get("/api/v1/patients/" + patient + "/qualification?source=api").statusCode())
        .isEqualTo(200);
    assertThat(get("/api/v1/patients/" + patient + "/qualification?source=card").statusCode())
        .isEqualTo(404);
    assertThat(
            get("/api/v1/patients/" + patient + "/qualification?asOf=" + AS_OF.minusDays(1))
                .statusCode())
        .isEqualTo(404);
    assertThat(get("/api/v1/patients/" + patient + "/qualification?asOf=" + AS_OF).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theSourceFilterTellsCardReadingsFromChartChecks() {
    SimulatedPerson p = person("noExpiry", x -> true, 1);
    String patient = "SOURCE-1";
    String api = cardNumberCheck(p, patient);
    String card = cardReading(p);
    assertThat(put(patient, card).statusCode()).isIn(200, 201);
    JsonObject reading = get("/api/v1/qualification-checks/" + card).bodyAsJsonObject();
    assertThat(reading.getString("source")).isEqualTo("face");
    assertThat(reading.getString("reader")).as("the terminal's face-auth reader").isEqualTo("face");
    assertThat(reading.getString("desk")).as("oqs.face-reader.desk").isEqualTo("uketsuke-1");
    assertThat(get("/api/v1/qualification-checks/" + api).bodyAsJsonObject().containsKey("desk"))
        .isFalse();

    assertThat(
            get("/api/v1/patients/" + patient + "/qualification?source=face")
                .bodyAsJsonObject()
                .getString("checkId"))
        .isEqualTo(card);
    assertThat(
            get("/api/v1/patients/" + patient + "/qualification?source=api")
                .bodyAsJsonObject()
                .getString("checkId"))
        .isEqualTo(api);
    HttpResponse<Buffer> bad = get("/api/v1/patients/" + patient + "/qualification?source=fax");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("detail")).contains("source");
  }

  @Test
  void anOperatorMayNotReadAPatientsQualificationAndWithoutATokenNobodyMay() {
    HttpResponse<Buffer> ops =
        gw.client()
            .get(gw.apiPort(), "127.0.0.1", "/api/v1/patients/X-1/qualification")
            .putHeader("Authorization", gw.bearer(Role.OPS))
            .send()
            .await();
    assertThat(ops.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> anonymous =
        gw.client().get(gw.apiPort(), "127.0.0.1", "/api/v1/patients/X-1/links").send().await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/patients/bad%20id/qualification").statusCode()).isEqualTo(400);
  }

  // ------------------------------------------------------------------ links

  @Test
  void linkingIsIdempotentAndRelinkingRightAfterUnlinkingWorksAtOnce() {
    SimulatedPerson p = person("noExpiry", x -> true, 2);
    String patient = "LINK-1";
    String check = cardReading(p);

    HttpResponse<Buffer> first = put(patient, check);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    JsonObject link = first.bodyAsJsonObject();
    assertThat(link.getBoolean("active")).isTrue();
    assertThat(link.getJsonObject("qualification").getString("birthdate"))
        .isEqualTo(p.birthDate().toString());
    HttpResponse<Buffer> again = put(patient, check);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(link);
    assertThat(again.getHeader("Location"))
        .isEqualTo("/api/v1/patients/" + patient + "/links/" + link.getString("id"));

    String linkPath = "/api/v1/patients/" + patient + "/links/" + link.getString("id");
    assertThat(delete(linkPath).statusCode()).isEqualTo(204);
    assertThat(delete(linkPath).statusCode()).as("unlinking twice").isEqualTo(204);
    assertThat(get("/api/v1/patients/" + patient + "/qualification").statusCode())
        .as("the unlinked reading no longer belongs to the patient")
        .isEqualTo(404);

    HttpResponse<Buffer> relinked = put(patient, check);
    assertThat(relinked.statusCode()).as("no waiting after unlinking").isEqualTo(201);
    assertThat(relinked.bodyAsJsonObject().getString("id")).isNotEqualTo(link.getString("id"));

    JsonArray links =
        get("/api/v1/patients/" + patient + "/links").bodyAsJsonObject().getJsonArray("links");
    assertThat(links).hasSize(2);
    assertThat(links.getJsonObject(0).getBoolean("active")).isTrue();
    assertThat(links.getJsonObject(1).getBoolean("active")).isFalse();
    assertThat(links.getJsonObject(1).getString("unlinkedAt")).isNotBlank();

    assertThat(delete("/api/v1/patients/OTHER-9/links/" + link.getString("id")).statusCode())
        .as("another patient's link")
        .isEqualTo(404);
  }

  @Test
  void twoParallelLinksOfTheSameQualificationBothSucceedWithOneActiveLink() {
    SimulatedPerson p = person("noExpiry", x -> true, 3);
    String patient = "RACE-1";
    String check = cardReading(p);
    List<Future<HttpResponse<Buffer>>> puts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      puts.add(
          authorized(gw.client().put(gw.apiPort(), "127.0.0.1", linkPath(patient, check))).send());
    }
    Future.all(puts).await();
    List<Integer> statuses = puts.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).containsOnly(200, 201);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(puts.stream().map(f -> f.result().bodyAsJsonObject().getString("id")).distinct())
        .hasSize(1);
    long active =
        gw.firstRow(
                "select count(*) from patient_link where chart_patient_id = $1 and unlinked_at is"
                    + " null",
                patient)
            .getLong(0);
    assertThat(active).isEqualTo(1);
  }

  @Test
  void aQualificationHeldByAnotherPatientIsAConflictNamingBothPatientsById() {
    SimulatedPerson p = person("noExpiry", x -> true, 4);
    String first = cardReading(p);
    assertThat(put("HOLDER-1", first).statusCode()).isEqualTo(201);
    String second = cardReading(p);

    HttpResponse<Buffer> r = put("INTRUDER-1", second);

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("chartPatientId")).isEqualTo("INTRUDER-1");
    assertThat(problem.getString("linkedChartPatientId")).isEqualTo("HOLDER-1");
    assertThat(problem.encode()).doesNotContain(p.name()).doesNotContain(p.birthDate().toString());
    assertThat(put("INTRUDER-1", UUID.randomUUID().toString()).statusCode()).isEqualTo(404);
  }

  // ------------------------------------------------------------------ candidates

  @Test
  void aFaceReadingWhoseReferenceNumberNamesOneLinkedPatientIsAssignedToThatPatientOnArrival() {
    SimulatedPerson p = person("noExpiry", x -> true, 5);
    registerReferenceNumber(p, "SATSU-0005");
    String first = cardReading(p);
    JsonObject c = candidates(first);
    assertThat(c.getString("matchedBy")).as("nobody holds the 照会番号 yet").isEqualTo("none");
    assertThat(
            put("REF-1", first)
                .bodyAsJsonObject()
                .getJsonObject("qualification")
                .getString("referenceNumber"))
        .isEqualTo("SATSU-0005");
    assertThat(delete("/api/v1/patients/REF-1/links/" + linkOf("REF-1")).statusCode())
        .isEqualTo(204);
    assertThat(put("REF-1", first).statusCode()).isEqualTo(201);

    String next = cardReading(p);
    assertThat(
            get("/api/v1/patients/REF-1/qualification?source=face")
                .bodyAsJsonObject()
                .getString("checkId"))
        .as("the 照会番号 names one linked patient: the reading is that patient's at once")
        .isEqualTo(next);
    assertThat(get("/api/v1/qualification-checks/" + next + "/candidates").statusCode())
        .as("an assigned reading has no candidates")
        .isEqualTo(409);
    JsonObject answered =
        gw.firstRow(
                "select payload from outbox_event where type = 'check.answered'"
                    + " and payload->>'checkId' = $1",
                next)
            .getJsonObject("payload");
    assertThat(answered.getString("source")).isEqualTo("face");
    assertThat(answered.getString("chartPatientId"))
        .as("the event carries the patient it was assigned to in the same transaction")
        .isEqualTo("REF-1");
    assertThat(answered.getString("desk")).as("oqs.face-reader.desk").isEqualTo("uketsuke-1");
    assertThat(get("/api/v1/qualification-checks/" + first + "/candidates").statusCode())
        .as("a linked reading has no candidates")
        .isEqualTo(409);
  }

  @Test
  void twoPatientsWithTheSameKanaAndBirthDateAreOfferedButNeverChosenAutomatically() {
    SimulatedPerson p = PEOPLE.first("insurerChange");
    String oldCard = cardNumberCheckWithChartNumbers(p, "DUP-1");
    assertThat(put("DUP-1", oldCard).statusCode()).isEqualTo(201);
    String newCard = cardReading(p);
    assertThat(put("DUP-2", newCard).statusCode()).isEqualTo(201);

    String reading = cardReading(p);
    JsonObject c = candidates(reading);
    assertThat(c.getString("matchedBy")).isEqualTo("kanaAndBirthdate");
    assertThat(c.getBoolean("automatic")).isFalse();
    assertThat(
            c.getJsonArray("candidates").stream()
                .map(o -> ((JsonObject) o).getString("chartPatientId")))
        .containsExactly("DUP-1", "DUP-2");
    assertThat(
            get("/api/v1/qualification-checks/" + UUID.randomUUID() + "/candidates").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aFaceReadingWhoseReferenceNumberNamesTwoPatientsStaysUnassignedAndIsListedAsUnlinked() {
    SimulatedPerson p = person("noExpiry", x -> true, 8);
    SimulatedPerson q = person("noExpiry", x -> true, 9);
    registerReferenceNumber(p, "SATSU-0809");
    registerReferenceNumber(q, "SATSU-0809");
    String pFirst = cardReading(p);
    String qFirst = cardReading(q);
    assertThat(put("TWIN-1", pFirst).statusCode()).isEqualTo(201);
    assertThat(put("TWIN-2", qFirst).statusCode()).isEqualTo(201);

    String reading = cardReading(p);

    JsonObject c = candidates(reading);
    assertThat(c.getBoolean("automatic")).isFalse();
    assertThat(c.getJsonArray("candidates")).hasSize(2);
    HttpResponse<Buffer> listed =
        get("/api/v1/qualification-checks?source=face&unlinked=true&limit=100");
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    List<String> ids =
        listed.bodyAsJsonObject().getJsonArray("items").stream()
            .map(o -> ((JsonObject) o).getString("id"))
            .toList();
    assertThat(ids).contains(reading).doesNotContain(pFirst, qFirst);
    assertThat(
            gw.firstRow(
                    "select count(*) from audit_read where purpose = 'check-list'"
                        + " and check_id = $1",
                    UUID.fromString(reading))
                .getLong(0))
        .as("the listed reading's read is audited")
        .isEqualTo(1);
    HttpResponse<Buffer> diff = get("/api/v1/qualification-checks/" + reading + "/insurance-diff");
    assertThat(diff.statusCode()).as("an unassigned reading has no chart record").isEqualTo(409);
  }

  @Test
  void theDiffOfACheckAgainstTheStoredChartRecordShowsTheChangedCopayRatio() {
    SimulatedPerson p =
        person(
            "noExpiry",
            x ->
                x.birthDate().isBefore(AS_OF.minusYears(10))
                    && x.birthDate().isAfter(AS_OF.minusYears(60)),
            7);
    String check = cardNumberCheck(p, "STORED-1");
    String diffPath = "/api/v1/qualification-checks/" + check + "/insurance-diff";
    HttpResponse<Buffer> none = get(diffPath);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.bodyAsJsonObject().getString("type")).endsWith("/no-chart-record");

    String recordPath = "/api/v1/patients/STORED-1/chart-insurance-record";
    assertThat(putJson(recordPath, chartRecordOf(p).put("copayPercent", 30)).statusCode())
        .isEqualTo(204);
    JsonObject same = get(diffPath).bodyAsJsonObject();
    assertThat(same.getString("checkId")).isEqualTo(check);
    assertThat(fields(same)).doesNotContain("copayRatio");

    assertThat(putJson(recordPath, chartRecordOf(p).put("copayPercent", 20)).statusCode())
        .as("the chart replaces its record")
        .isEqualTo(204);
    HttpResponse<Buffer> changed = get(diffPath);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(fields(changed.bodyAsJsonObject())).contains("copayRatio");
    assertThat(putJson(recordPath, new JsonObject().put("copayPercent", "three")).statusCode())
        .isEqualTo(400);
    assertThat(
            get("/api/v1/qualification-checks/" + UUID.randomUUID() + "/insurance-diff")
                .statusCode())
        .isEqualTo(404);
  }

  // ------------------------------------------------------------------ diff

  @Test
  void theDiffForANameOqsSendsWithAPlaceholderKeepsTheChartsRealCharacters() {
    SimulatedPerson p =
        PEOPLE.withTag("gaiji").stream()
            .filter(x -> x.name().startsWith("●"))
            .findFirst()
            .orElseThrow();
    String check = cardReading(p);
    assertThat(put("GAIJI-1", check).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> r = post("/api/v1/patients/GAIJI-1/insurance-diff", chartRecordOf(p));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject diff = r.bodyAsJsonObject();
    assertThat(diff.getString("checkId")).isEqualTo(check);
    assertThat(fields(diff)).doesNotContain("name", "nameKana");
    JsonObject proposal = diff.getJsonObject("proposal");
    assertThat(proposal.getJsonObject("record").getString("name"))
        .isEqualTo(p.chart().name())
        .doesNotContain("●");
    assertThat(proposal.containsKey("newInsurance")).isTrue();
  }

  @Test
  void theDiffMarksTheInsurersAddressForAPersonToConfirmWithThePatient() {
    SimulatedPerson moved = person("chartAddress:moved", x -> x.hasTag("plainName"), 1);
    cardNumberCheck(moved, "ADDR-1");
    SimulatedPerson same = person("chartAddress:same", x -> x.hasTag("plainName"), 1);
    cardNumberCheck(same, "ADDR-2");

    HttpResponse<Buffer> r = post("/api/v1/patients/ADDR-1/insurance-diff", chartRecordOf(moved));
    HttpResponse<Buffer> unchanged =
        post("/api/v1/patients/ADDR-2/insurance-diff", chartRecordOf(same));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject mark = r.bodyAsJsonObject().getJsonObject("proposal").getJsonObject("address");
    assertThat(mark.getString("value")).isEqualTo(moved.address());
    assertThat(mark.getBoolean("confirm")).isTrue();
    assertThat(mark.getString("reason")).isEqualTo("differs-from-chart");
    assertThat(mark.getString("message")).contains("患者に確認");
    assertThat(unchanged.statusCode()).as(unchanged.bodyAsString()).isEqualTo(200);
    assertThat(unchanged.bodyAsJsonObject().getJsonObject("proposal").containsKey("address"))
        .as("nothing to confirm when the addresses agree")
        .isFalse();
  }

  @Test
  void theDiffReadsABlankExpiryAsOpenEndedAndProposesNoEndDate() {
    SimulatedPerson p = person("noExpiry", x -> true, 6);
    String check = cardNumberCheck(p, "OPEN-1");

    HttpResponse<Buffer> r = post("/api/v1/patients/OPEN-1/insurance-diff", chartRecordOf(p));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject diff = r.bodyAsJsonObject();
    assertThat(diff.getString("checkId")).isEqualTo(check);
    assertThat(fields(diff)).doesNotContain("validTo", "qualification");
    assertThat(diff.getJsonObject("proposal").getJsonObject("record").containsKey("validTo"))
        .isFalse();
    assertThat(diff.getJsonObject("proposal").getString("validFrom")).isNotBlank();

    assertThat(post("/api/v1/patients/NOBODY-1/insurance-diff", chartRecordOf(p)).statusCode())
        .isEqualTo(404);
    HttpResponse<Buffer> bad =
        post("/api/v1/patients/OPEN-1/insurance-diff", chartRecordOf(p).put("colour", "red"));
    assertThat(bad.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> badDate =
        post(
            "/api/v1/patients/OPEN-1/insurance-diff",
            chartRecordOf(p).put("validFrom", "2025-02-30"));
    assertThat(badDate.statusCode()).isEqualTo(400);
    assertThat(badDate.bodyAsJsonObject().getString("field")).isEqualTo("validFrom");
  }

  @Test
  void aStoredAnswerThatNoLongerDecodesIsRefusedWith409AndNeverComparedHalfRead() {
    SimulatedPerson p = person("noExpiry", x -> true, 7);
    String check = cardReading(p);
    assertThat(put("DAMAGED-1", check).statusCode()).isEqualTo(201);
    // As after an upgrade whose decoder is stricter than the one that stored the answer.
    gw.query(
        "update qualification_check set result_document = convert_to('<Message', 'UTF8')"
            + " where id = $1",
        UUID.fromString(check));

    HttpResponse<Buffer> r = post("/api/v1/patients/DAMAGED-1/insurance-diff", chartRecordOf(p));

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("type")).endsWith("unreadable-result");
    assertThat(r.bodyAsJsonObject().getString("detail")).doesNotContain(p.chart().name());
  }

  // ------------------------------------------------------------------ audit

  @Test
  void everyReadOfQualificationDataIsAuditedAndTheAuditCannotBeRewritten() {
    SimulatedPerson p = person("noExpiry", x -> true, 7);
    String patient = "AUDIT-1";
    Instant from = Instant.now().minusSeconds(1);
    String check = cardNumberCheck(p, patient);
    String reading = cardReading(p);

    assertThat(get("/api/v1/qualification-checks/" + check).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/patients/" + patient + "/qualification").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/patients/" + patient + "/links").statusCode()).isEqualTo(200);
    assertThat(
            post("/api/v1/patients/" + patient + "/insurance-diff", chartRecordOf(p)).statusCode())
        .isEqualTo(200);
    assertThat(get("/api/v1/qualification-checks/" + reading + "/candidates").statusCode())
        .isEqualTo(200);

    HttpResponse<Buffer> r =
        gw.client()
            .get(gw.apiPort(), "127.0.0.1", "/api/v1/audit/reads")
            .addQueryParam("patient", patient)
            .addQueryParam("from", from.toString())
            .putHeader("Authorization", gw.bearer(Role.ADMIN))
            .send()
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray reads = r.bodyAsJsonObject().getJsonArray("reads");
    assertThat(reads.stream().map(o -> ((JsonObject) o).getString("purpose")))
        .containsExactly("check-created", "check", "latest-qualification", "links", "diff");
    JsonObject one = reads.getJsonObject(1);
    assertThat(one.getString("subject")).isEqualTo("test-client");
    assertThat(one.getJsonArray("roles")).containsExactly("chart");
    assertThat(one.getString("checkId")).isEqualTo(check);
    assertThat(
            gw.firstRow(
                    "select count(*) from audit_read where purpose = 'candidates' and check_id = $1",
                    UUID.fromString(reading))
                .getLong(0))
        .isEqualTo(1);

    for (Role notAdmin : List.of(Role.OPS, Role.CHART, Role.CLINICIAN)) {
      assertThat(
              gw.client()
                  .get(gw.apiPort(), "127.0.0.1", "/api/v1/audit/reads")
                  .putHeader("Authorization", gw.bearer(notAdmin))
                  .send()
                  .await()
                  .statusCode())
          .as(notAdmin.claimValue())
          .isEqualTo(403);
    }
    HttpResponse<Buffer> badFrom = admin.get("/api/v1/audit/reads?from=yesterday");
    assertThat(badFrom.statusCode()).isEqualTo(400);
    assertThat(badFrom.bodyAsJsonObject().getString("field")).isEqualTo("from");
    var pool = gw.gateway().pool();
    // The gateway's application role may only insert and read audit rows.
    assertThatThrownBy(() -> pool.query("delete from audit_read").execute().await())
        .hasMessageContaining("permission denied");
    assertThatThrownBy(() -> pool.query("update audit_read set subject = 'x'").execute().await())
        .hasMessageContaining("permission denied");
    assertThatThrownBy(() -> pool.query("truncate audit_read").execute().await())
        .hasMessageContaining("permission denied");
  }

  // ------------------------------------------------------------------ helpers

  /** The chart patients offered for a card reading's check (200 asserted). */
  private static JsonObject candidates(String checkId) {
    HttpResponse<Buffer> r = get("/api/v1/qualification-checks/" + checkId + "/candidates");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /** The n-th person (1-based) with the tag whose insurance is in force on the population's day. */
  private static SimulatedPerson person(String tag, Predicate<SimulatedPerson> p, int n) {
    return PEOPLE.withTag(tag).stream()
        .filter(p)
        .filter(x -> x.coverageOn(AS_OF).isPresent())
        .filter(x -> !x.hasTag("multiple") && !x.hasTag("notFound"))
        .skip(n - 1L)
        .findFirst()
        .orElseThrow();
  }

  private static HttpRequest<Buffer> authorized(HttpRequest<Buffer> r) {
    return r.putHeader("Authorization", chart);
  }

  private static HttpResponse<Buffer> get(String path) {
    return authorized(gw.client().get(gw.apiPort(), "127.0.0.1", path)).send().await();
  }

  private static HttpResponse<Buffer> post(String path, JsonObject body) {
    return authorized(gw.client().post(gw.apiPort(), "127.0.0.1", path))
        .sendJsonObject(body)
        .await();
  }

  private static HttpResponse<Buffer> putJson(String path, JsonObject body) {
    return authorized(gw.client().put(gw.apiPort(), "127.0.0.1", path))
        .sendJsonObject(body)
        .await();
  }

  private static HttpResponse<Buffer> delete(String path) {
    return authorized(gw.client().delete(gw.apiPort(), "127.0.0.1", path)).send().await();
  }

  private static String linkPath(String patient, String checkId) {
    return "/api/v1/patients/" + patient + "/links/" + checkId;
  }

  private static HttpResponse<Buffer> put(String patient, String checkId) {
    return authorized(gw.client().put(gw.apiPort(), "127.0.0.1", linkPath(patient, checkId)))
        .send()
        .await();
  }

  private static String linkOf(String patient) {
    return get("/api/v1/patients/" + patient + "/links")
        .bodyAsJsonObject()
        .getJsonArray("links")
        .getJsonObject(0)
        .getString("id");
  }

  private static List<String> fields(JsonObject diff) {
    return diff.getJsonArray("differences").stream()
        .map(o -> ((JsonObject) o).getString("field"))
        .toList();
  }

  /** A check by the numbers of the card in force on the population's day. */
  private static String cardNumberCheck(SimulatedPerson p, String patient) {
    Coverage c = p.coverageOn(AS_OF).orElseThrow();
    return check(p, patient, c.insurerNumber().strip(), c.symbol(), c.number(), c.branch());
  }

  /** A check by the numbers the chart holds (for an insurer change: the old card). */
  private static String cardNumberCheckWithChartNumbers(SimulatedPerson p, String patient) {
    ChartIdentity c = p.chart();
    return check(p, patient, c.insurerNumber().strip(), c.symbol(), c.number(), c.branch());
  }

  private static String check(
      SimulatedPerson p,
      String patient,
      String insurer,
      String symbol,
      String number,
      String branch) {
    JsonObject body =
        new JsonObject()
            .put("insurerNumber", insurer)
            .put("insuredIdentificationNumber", number)
            .put("birthdate", p.birthDate().toString())
            .put("confirmationDate", AS_OF.toString())
            .put("limitApplicationConsent", true)
            .put("chartPatientId", patient);
    if (symbol != null) {
      body.put("insuredCardSymbol", symbol);
    }
    if (branch != null) {
      body.put("insuredBranchNumber", branch);
    }
    HttpResponse<Buffer> r = post("/api/v1/qualification-checks?wait=20", body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("id");
  }

  /**
   * A My Number card read at the face reader at 10:00 on the population's day; waits (bounded) for
   * the link to turn the face file into a check and returns its id.
   */
  private static String cardReading(SimulatedPerson p) {
    Instant at = AS_OF.atTime(LocalTime.of(10, 0)).atZone(JST).toInstant();
    Path file = gw.terminal().simulateCardReading(p.id(), at);
    return gw.awaitCheckOfResultFile(file);
  }

  /** Registers a 照会番号 for the person's card through the gateway's link (OQSsiimm01). */
  private static void registerReferenceNumber(SimulatedPerson p, String referenceNumber) {
    Coverage c = p.coverageOn(AS_OF).orElseThrow();
    var request =
        new ReferenceNumberRegistrationRequest(
            SimulatorOptions.DEFAULT_INSTITUTION,
            Optional.empty(),
            new ReferenceNumberRegistration(
                referenceNumber,
                InsurerNumber.parse(c.insurerNumber()).orElseThrow(),
                Optional.ofNullable(c.symbol()),
                c.number(),
                Optional.ofNullable(c.branch())),
            List.of());
    var link = gw.gateway().link();
    var exchange =
        link.submit(
                OqsRequest.of(
                    RequestKind.SIIMM01, OqsCodec.toDocument(request, OqsCharset.SHIFT_JIS)))
            .await();
    assertThat(link.outcome(exchange.id()).await().state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(gw.terminal().referenceNumber(p.id())).contains(referenceNumber);
  }

  /** What the clinic's chart holds for the person (as the diff tests build it). */
  private static JsonObject chartRecordOf(SimulatedPerson p) {
    ChartIdentity c = p.chart();
    Optional<Coverage> card = p.chartCard();
    JsonObject json =
        new JsonObject()
            .put("insurerNumber", c.insurerNumber())
            .put("number", c.number())
            .put("name", c.name())
            .put("nameKana", c.nameKana())
            .put("birthDate", c.birthDate().toString())
            .put("address", c.address())
            .put("postNumber", p.postNumber());
    if (c.symbol() != null) {
      json.put("symbol", c.symbol());
    }
    if (c.branch() != null) {
      json.put("branch", c.branch());
    }
    card.map(Coverage::personalFamily).ifPresent(pf -> json.put("personalFamily", pf));
    card.map(Coverage::validDate).ifPresent(d -> json.put("validFrom", d.toString()));
    return json;
  }
}
