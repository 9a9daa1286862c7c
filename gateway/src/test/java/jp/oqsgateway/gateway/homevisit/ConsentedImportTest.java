package jp.oqsgateway.gateway.homevisit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.patients.PatientLink;
import jp.oqsgateway.gateway.patients.PatientLinkStore;
import jp.oqsgateway.gateway.patients.ReferenceRegistrationStore;
import jp.oqsgateway.gateway.patients.ReferenceRegistrations;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consented patients come in by themselves: units retrieved from the real simulated terminal
 * through its files and the real codec, imported into a real gateway (its database, its link to its
 * own simulated terminal for the 照会番号 registration), and the queue decided through its API. Each
 * test uses consents of its own day, so the retrievals of one test never see another's.
 */
class ConsentedImportTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final List<SimulatedPerson> INSURED = ConsentedTerminal.insured(PEOPLE);
  private static final String QUEUE = "/api/v1/consented-imports/queue";

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
              "consented-import", Map.of("oqs.reference-number.auto-register", "true"))
          .andTerminal(PEOPLE);

  private static ConsentedTerminal terminal;
  private static PatientLinkStore links;
  private static HomeVisitStore relationships;
  private static ConsentedPatients consented;
  private static WebClient client;

  @BeforeAll
  static void start() throws Exception {
    terminal = new ConsentedTerminal(Files.createTempDirectory("consented-"), PEOPLE);
    Pool pool = gw.gateway().pool();
    links = new PatientLinkStore(pool);
    relationships = new HomeVisitStore(pool, new Outbox());
    ReferenceRegistrations references =
        new ReferenceRegistrations(
            new ReferenceRegistrationStore(pool),
            links,
            gw.gateway().link(),
            SimulatorOptions.DEFAULT_INSTITUTION,
            true);
    consented =
        ConsentedPatients.create(
            pool, links, relationships, references::onLinkCreated, CareForm.MEDICAL);
    client = WebClient.create(gw.gateway().vertx());
  }

  @AfterAll
  static void stop() {
    terminal.close();
  }

  @Test
  void aUnitWithARegisteredReferenceNumberLinksAndOpensTheRelationshipFromTheConsentDate()
      throws Exception {
    SimulatedPerson p = INSURED.get(0);
    knownAs("CP-REF-1", "ベツノ ヒト", LocalDate.of(1950, 1, 1));
    terminal.register(p, "CP-REF-1");
    LocalDate consent = LocalDate.of(2025, 5, 1);
    ConsentedImportSummary summary = importHomeVisits(p, consent);

    assertThat(summary.linked()).isEqualTo(1);
    assertThat(summary.opened()).isEqualTo(1);
    assertThat(summary.queued()).isZero();
    Relationship r = relationships.ofPatient("CP-REF-1").await().get(0);
    assertThat(r.firstVisitDate()).isEqualTo(consent);
    assertThat(r.careForm()).isEqualTo(CareForm.MEDICAL);
    assertThat(r.active()).isTrue();
    PatientLink link = importedLink("CP-REF-1");
    assertThat(link.qualification().number()).isEqualTo(ConsentedTerminal.coverage(p).number());
    assertThat(link.qualification().referenceNumber()).contains("CP-REF-1");
    HttpResponse<Buffer> latest = get("/api/v1/patients/CP-REF-1/qualification", Role.CHART);
    assertThat(latest.statusCode()).isEqualTo(200);
    assertThat(latest.bodyAsJsonObject().getString("source")).isEqualTo("import");
    assertThat(latest.bodyAsJsonObject().getString("confirmationDate"))
        .isEqualTo(ConsentedTerminal.TODAY.toString());
    HttpResponse<Buffer> diff =
        client
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/patients/CP-REF-1/insurance-diff")
            .putHeader("Authorization", gw.bearer(Role.CHART))
            .sendJsonObject(new JsonObject().put("nameKana", p.nameKana()))
            .await();
    assertThat(diff.statusCode()).as(diff.bodyAsString()).isEqualTo(200);
  }

  @Test
  void aUnitMatchedByKanaAndBirthDateLinksAndRegistersItsReferenceNumber() throws Exception {
    SimulatedPerson p = INSURED.get(1);
    knownAs("CP-KANA-1", p.nameKana(), p.birthDate());
    LocalDate consent = LocalDate.of(2025, 5, 2);
    ConsentedImportSummary summary = importHomeVisits(p, consent);

    assertThat(summary.linked()).isEqualTo(1);
    assertThat(summary.opened()).isEqualTo(1);
    assertThat(importedLink("CP-KANA-1").linkedBy()).isEqualTo(ConsentedImports.LINKED_BY);
    assertThat(relationships.ofPatient("CP-KANA-1").await().get(0).firstVisitDate())
        .isEqualTo(consent);
    await("照会番号 registered at the terminal")
        .atMost(Duration.ofSeconds(20))
        .until(() -> gw.terminal().referenceNumber(p.id()).isPresent());
    assertThat(gw.terminal().referenceNumber(p.id())).contains("CP-KANA-1");
  }

  @Test
  void twoCandidatesAreQueuedAndSoIsAPersonNobodyKnowsNeverGuessed() throws Exception {
    LocalDate consent = LocalDate.of(2025, 5, 3);
    ConsentedImportSummary summary = twinAndStranger(2, "CP-TWIN-A", "CP-TWIN-B", consent);

    assertThat(summary.queued()).isEqualTo(2);
    assertThat(summary.linked()).isZero();
    List<ConsentedImportQueue.Item> items = waitingOn(consent);
    assertThat(items)
        .extracting(ConsentedImportQueue.Item::matchedBy, ConsentedImportQueue.Item::candidates)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "kanaAndBirthdate", List.of("CP-TWIN-A", "CP-TWIN-B")),
            org.assertj.core.groups.Tuple.tuple("none", List.of()));
    assertThat(relationships.ofPatient("CP-TWIN-A").await()).isEmpty();
    assertThat(links.ofPatient("CP-TWIN-A").await()).hasSize(1);
  }

  @Test
  void importingTheSameUnitsAgainLinksQueuesAndOpensNothingTwice() throws Exception {
    SimulatedPerson known = INSURED.get(4);
    SimulatedPerson stranger = INSURED.get(5);
    knownAs("CP-AGAIN", known.nameKana(), known.birthDate());
    LocalDate consent = LocalDate.of(2025, 5, 4);
    consentAtHome(known, consent);
    consentAtHome(stranger, consent);
    BulkResult retrieved = retrieveHomeVisits(consent);

    ConsentedImportSummary first = consented.imports().importResult(retrieved).await();
    ConsentedImportSummary again =
        consented.imports().importResult(retrieveHomeVisits(consent)).await();

    assertThat(first.linked() + first.queued()).isEqualTo(2);
    assertThat(again.linked()).isZero();
    assertThat(again.queued()).isZero();
    assertThat(again.opened() + again.refreshed()).isZero();
    assertThat(again.skipped()).containsEntry(ConsentedImportSummary.ALREADY_IMPORTED, 2);
    assertThat(links.ofPatient("CP-AGAIN").await()).hasSize(2);
    assertThat(relationships.ofPatient("CP-AGAIN").await()).hasSize(1);
    assertThat(waitingOn(consent)).hasSize(1);
  }

  @Test
  void anOnlineCareUnitLinksButOpensNoRelationship() throws Exception {
    SimulatedPerson p = INSURED.get(6);
    knownAs("CP-ONLINE", p.nameKana(), p.birthDate());
    LocalDate consent = LocalDate.of(2025, 5, 5);
    terminal.sim.recordHomeVisitConsent(
        p.id(), consent, Set.of(ConsentScope.DRUG), CareMode.ONLINE);
    BulkResult retrieved = terminal.consented(MessageKind.OQS_MUONQ01_REQ, consent, consent);
    ConsentedImportSummary summary = consented.imports().importResult(retrieved).await();

    assertThat(summary.linked()).isEqualTo(1);
    assertThat(summary.opened()).isZero();
    assertThat(importedLink("CP-ONLINE")).isNotNull();
    assertThat(relationships.ofPatient("CP-ONLINE").await()).isEmpty();
  }

  @Test
  void aMedicalAidUnitLinksItsTicketsQualificationAndOpensNoRelationship() throws Exception {
    SimulatedPerson p =
        PEOPLE.persons().stream()
            .filter(x -> !x.hasTag("multiple"))
            .filter(
                x ->
                    x.coverageOn(ConsentedTerminal.TODAY).filter(c -> c.isMedicalAid()).isPresent())
            .findFirst()
            .orElseThrow();
    knownAs("CP-AID", p.nameKana(), p.birthDate());
    BulkResult retrieved = terminal.medicalAid(YearMonth.from(ConsentedTerminal.TODAY));
    ConsentedImportSummary summary = consented.imports().importResult(retrieved).await();

    assertThat(summary.linked()).isEqualTo(1);
    assertThat(summary.opened()).isZero();
    assertThat(importedLink("CP-AID").qualification().insurerNumber())
        .isEqualTo(ConsentedTerminal.coverage(p).paddedInsurerNumber());
    assertThat(relationships.ofPatient("CP-AID").await()).isEmpty();
  }

  @Test
  void aUnitWhoseQualificationOqsReportsLostLinksButOpensNoRelationship() throws Exception {
    LocalDate today = ConsentedTerminal.TODAY;
    SimulatedPerson p =
        PEOPLE.persons().stream()
            .filter(x -> !x.hasTag("multiple") && !x.hasTag("notFound"))
            .filter(x -> x.coverages().stream().noneMatch(c -> c.coversOn(today)))
            .filter(
                x -> x.coverages().stream().anyMatch(c -> c.registeredInOqs() && c.lostBy(today)))
            .findFirst()
            .orElseThrow();
    knownAs("CP-LOST", p.nameKana(), p.birthDate());
    ConsentedImportSummary summary = importHomeVisits(p, LocalDate.of(2025, 5, 7));

    assertThat(summary.linked()).isEqualTo(1);
    assertThat(summary.opened()).isZero();
    assertThat(relationships.ofPatient("CP-LOST").await()).isEmpty();
  }

  @Test
  void aRefreshedRelationshipsFirstVisitMovesToTheConsentDateOnlyWhenItIsNewer() throws Exception {
    SimulatedPerson p = INSURED.get(7);
    knownAs("CP-REFRESH", p.nameKana(), p.birthDate());
    LocalDate recorded = LocalDate.of(2025, 5, 20);
    relationships.create("CP-REFRESH", CareForm.NURSING, recorded, "test").await();

    ConsentedImportSummary older = importHomeVisits(p, LocalDate.of(2025, 5, 10));
    assertThat(older.refreshed()).isZero();
    assertThat(older.opened()).isZero();
    assertThat(relationships.ofPatient("CP-REFRESH").await().get(0).firstVisitDate())
        .isEqualTo(recorded);

    LocalDate newer = LocalDate.of(2025, 5, 25);
    ConsentedImportSummary refreshed = importHomeVisits(p, newer);
    assertThat(refreshed.refreshed()).isEqualTo(1);
    List<Relationship> all = relationships.ofPatient("CP-REFRESH").await();
    assertThat(all).hasSize(1);
    assertThat(all.get(0).firstVisitDate()).isEqualTo(newer);
    assertThat(all.get(0).careForm()).isEqualTo(CareForm.NURSING);
  }

  @Test
  void aPersonLinksOrDismissesQueuedUnitsThroughTheApiEachReadAudited() throws Exception {
    SimulatedPerson twin = INSURED.get(8);
    LocalDate consent = LocalDate.of(2025, 5, 6);
    twinAndStranger(8, "CP-Q-A", "CP-Q-B", consent);

    assertThat(get(QUEUE, Role.OPS).statusCode()).isEqualTo(403);
    assertThat(get(QUEUE + "?state=lost", Role.RECEPTION).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> listed = get(QUEUE, Role.RECEPTION);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getValue("nextCursor")).isNull();
    assertThat(get(QUEUE + "?cursor=bm90LWEtY3Vyc29y", Role.RECEPTION).statusCode()).isEqualTo(400);
    assertThat(get(QUEUE + "?limit=0", Role.RECEPTION).statusCode()).isEqualTo(400);
    List<JsonObject> mine =
        listed.bodyAsJsonObject().getJsonArray("items").stream()
            .map(JsonObject.class::cast)
            .filter(i -> consent.toString().equals(i.getString("consentDate")))
            .toList();
    assertThat(mine).hasSize(2);
    JsonObject ofTwin =
        mine.stream()
            .filter(i -> twin.nameKana().equals(i.getString("nameKana")))
            .findFirst()
            .orElseThrow();
    JsonObject ofStranger = mine.stream().filter(i -> i != ofTwin).findFirst().orElseThrow();
    assertThat(ofTwin.getString("birthdate")).isEqualTo(twin.birthDate().toString());
    assertThat(ofTwin.getJsonArray("candidates").getList()).containsExactly("CP-Q-A", "CP-Q-B");
    assertThat(audited("candidates", ofTwin.getString("checkId"))).isEqualTo(1);
    assertThat(pagedIds(1))
        .as("the same items, page by page")
        .isEqualTo(
            listed.bodyAsJsonObject().getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getString("id"))
                .toList());
    assertThat(audited("candidates", ofTwin.getString("checkId")))
        .as("each showing audited")
        .isEqualTo(2);

    HttpResponse<Buffer> linked =
        post(ofTwin, "link", new JsonObject().put("chartPatientId", "CP-Q-B"), Role.CLINICIAN);
    assertThat(linked.statusCode()).isEqualTo(200);
    assertThat(linked.bodyAsJsonObject().getString("state")).isEqualTo("linked");
    assertThat(linked.bodyAsJsonObject().getString("chartPatientId")).isEqualTo("CP-Q-B");
    assertThat(relationships.ofPatient("CP-Q-B").await().get(0).firstVisitDate())
        .isEqualTo(consent);
    assertThat(audited("links", ofTwin.getString("checkId"))).isEqualTo(1);
    assertThat(
            post(ofTwin, "link", new JsonObject().put("chartPatientId", "CP-Q-A"), Role.CHART)
                .statusCode())
        .isEqualTo(409);

    HttpResponse<Buffer> dismissed =
        post(ofStranger, "dismiss", new JsonObject().put("reason", "not our patient"), Role.CHART);
    assertThat(dismissed.statusCode()).isEqualTo(200);
    assertThat(dismissed.bodyAsJsonObject().getString("state")).isEqualTo("dismissed");
    assertThat(dismissed.bodyAsJsonObject().getString("reason")).isEqualTo("not our patient");
    assertThat(
            post(ofStranger, "dismiss", new JsonObject().put("reason", "again"), Role.CHART)
                .statusCode())
        .isEqualTo(409);
    assertThat(
            post(
                    new JsonObject().put("id", UUID.randomUUID().toString()),
                    "link",
                    new JsonObject().put("chartPatientId", "CP-Q-A"),
                    Role.RECEPTION)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            post(
                    new JsonObject().put("id", UUID.randomUUID().toString()),
                    "dismiss",
                    new JsonObject().put("reason", "x"),
                    Role.CHART)
                .statusCode())
        .isEqualTo(404);
    assertThat(waitingOn(consent)).isEmpty();
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void knownAs(String chartPatientId, String kana, LocalDate birthdate) {
    KnownPatients.knownAs(gw, chartPatientId, kana, birthdate);
  }

  /**
   * Consents at home on {@code day} from {@code INSURED[index]}, known to two chart patients by
   * kana and birth date, and from the next person, known to none; both imported.
   */
  private static ConsentedImportSummary twinAndStranger(
      int index, String one, String other, LocalDate day) throws Exception {
    SimulatedPerson twin = INSURED.get(index);
    knownAs(one, twin.nameKana(), twin.birthDate());
    knownAs(other, twin.nameKana(), twin.birthDate());
    consentAtHome(twin, day);
    consentAtHome(INSURED.get(index + 1), day);
    return importHomeVisits(day);
  }

  private static void consentAtHome(SimulatedPerson p, LocalDate day) {
    terminal.sim.recordHomeVisitConsent(
        p.id(), day, Set.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
  }

  private static BulkResult retrieveHomeVisits(LocalDate day) throws Exception {
    return terminal.consented(MessageKind.OQS_MUHVQ01_REQ, day, day);
  }

  private static ConsentedImportSummary importHomeVisits(LocalDate day) throws Exception {
    return consented.imports().importResult(retrieveHomeVisits(day)).await();
  }

  private static ConsentedImportSummary importHomeVisits(SimulatedPerson p, LocalDate day)
      throws Exception {
    consentAtHome(p, day);
    return importHomeVisits(day);
  }

  private static PatientLink importedLink(String chartPatientId) {
    return links.ofPatient(chartPatientId).await().stream()
        .filter(l -> l.linkedBy().equals(ConsentedImports.LINKED_BY))
        .findFirst()
        .orElseThrow();
  }

  private static List<ConsentedImportQueue.Item> waitingOn(LocalDate consent) {
    return consented.queue().page("waiting", Optional.empty(), 500).await().items().stream()
        .filter(i -> i.consentDate().equals(Optional.of(consent)))
        .toList();
  }

  private static long audited(String purpose, String checkId) {
    return gw.firstRow(
            "select count(*) from audit_read where purpose = $1 and check_id = $2",
            purpose,
            UUID.fromString(checkId))
        .getLong(0);
  }

  /** The ids of the waiting items, read {@code size} at a time by following nextCursor. */
  private static List<String> pagedIds(int size) {
    List<String> ids = new java.util.ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<Buffer> page =
          get(
              QUEUE + "?limit=" + size + (cursor == null ? "" : "&cursor=" + cursor),
              Role.RECEPTION);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      JsonObject body = page.bodyAsJsonObject();
      assertThat(body.getJsonArray("items").size()).isLessThanOrEqualTo(size);
      body.getJsonArray("items").forEach(i -> ids.add(((JsonObject) i).getString("id")));
      cursor = body.getString("nextCursor");
    } while (cursor != null);
    return ids;
  }

  private static HttpResponse<Buffer> get(String path, Role role) {
    return client
        .get(gw.apiPort(), "127.0.0.1", path)
        .putHeader("Authorization", gw.bearer(role))
        .send()
        .await();
  }

  private static HttpResponse<Buffer> post(
      JsonObject item, String action, JsonObject body, Role role) {
    return client
        .post(gw.apiPort(), "127.0.0.1", QUEUE + "/" + item.getString("id") + "/" + action)
        .putHeader("Authorization", gw.bearer(role))
        .sendJsonObject(body)
        .await();
  }
}
