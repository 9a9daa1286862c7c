package jp.oqsgateway.gateway.consented;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.bulk.BulkExchange;
import jp.oqsgateway.gateway.oqs.bulk.BulkOutcome;
import jp.oqsgateway.gateway.oqs.bulk.BulkPhase;
import jp.oqsgateway.gateway.oqs.bulk.PhaseRecorder;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.link.Exchange;
import jp.oqsgateway.gateway.oqs.link.LinkHarness;
import jp.oqsgateway.gateway.oqs.link.SimulatorTerminal;
import jp.oqsgateway.gateway.oqs.message.BulkConfirmUnit;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consented-qualification retrieval of each care form through the real link against the real
 * simulator: the request carries exactly the elements of docs/OQS-PROTOCOL.md §2.6, the typed units
 * come back; a range that cannot be asked for is refused naming its field.
 */
class ConsentedRetrievalsTest {
  /** 2025-06-02 10:00 in Japan, the simulator's now. */
  private static final Clock CLOCK = Clock.fixed(SimulatorTerminal.NOW, ZoneOffset.UTC);

  private static final LocalDate TODAY = LocalDate.of(2025, 6, 2);

  private static PgEndpoint db;
  private static LinkHarness h;
  private static SimulatorTerminal terminal;
  private static ConsentedRetrievals retrievals;
  private static SimulatedPerson homeVisit;
  private static SimulatedPerson online;

  private final List<UUID> uploads = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    db = LinkHarness.migratedDatabase("consented");
    h = new LinkHarness(db, c -> c.withTimeouts(Duration.ofSeconds(30), Map.of()));
    terminal = new SimulatorTerminal(h.root);
    terminal.start();
    List<SimulatedPerson> persons =
        terminal.sim.population().persons().stream()
            .filter(p -> p.coverageOn(TODAY).isPresent() && !p.hasTag("multiple"))
            .limit(2)
            .toList();
    homeVisit = persons.get(0);
    online = persons.get(1);
    terminal.sim.recordHomeVisitConsent(
        homeVisit.id(),
        TODAY.minusDays(1),
        Set.of(ConsentScope.DRUG, ConsentScope.DIAGNOSIS),
        CareMode.HOME_VISIT);
    terminal.sim.recordHomeVisitConsent(
        online.id(), TODAY, Set.of(ConsentScope.DRUG), CareMode.ONLINE);
    retrievals =
        new ConsentedRetrievals(
            new BulkExchange(h.link),
            SimulatorOptions.DEFAULT_INSTITUTION,
            ConsentedConfig.DEFAULTS,
            CLOCK);
  }

  @AfterAll
  static void stop() {
    LinkHarness.closeAll(terminal, h);
  }

  private PhaseRecorder recorder() {
    return (phase, id) -> {
      if (phase == BulkPhase.UPLOAD) {
        uploads.add(id);
      }
      return Future.succeededFuture();
    };
  }

  private BulkResult fetch(ConsentedQuery q) {
    BulkOutcome<BulkResult> outcome = retrievals.fetch(q, recorder()).await();
    assertThat(outcome).as("%s", outcome).isInstanceOf(BulkOutcome.Answered.class);
    return ((BulkOutcome.Answered<BulkResult>) outcome).result();
  }

  /** The search block of the upload as written into req/: element names to their text. */
  private Map<String, String> sentSearch() throws Exception {
    Exchange upload = h.link.find(uploads.get(uploads.size() - 1)).await().orElseThrow();
    XmlElement root = new OqsXmlReader().parse(upload.requestFile(), upload.requestBytes()).root();
    return root
        .at("MessageBody", "QualificationConfirmSearchInfo")
        .orElseThrow()
        .children()
        .stream()
        .collect(Collectors.toMap(XmlElement::name, XmlElement::trimmedText));
  }

  @Test
  void homeVisitConsentsAreAskedForByConsentDateWithFlag2AndComeBackTyped() throws Exception {
    BulkResult result = fetch(retrievals.defaultQuery(ConsentedForm.HOME_VISIT));

    assertThat(sentSearch())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ConsentDateFrom", "20250531",
                "ConsentDateTo", "20250602",
                "MedicalTreatmentFlag", "2"));
    assertThat(result.units()).hasSize(1);
    BulkConfirmUnit unit = result.units().get(0);
    assertThat(unit.qualificationValidity()).isPresent();
    assertThat(unit.processing().status()).isPresent();
    QualificationResult q = unit.results().get(0);
    assertThat(q.birthdate()).isEqualTo(homeVisit.birthDate());
    assertThat(q.pharmacistsInfoConsent().orElseThrow().flag().is(ConsentFlag.CONSENTED)).isTrue();
    assertThat(q.pharmacistsInfoConsent().orElseThrow().availableTime()).isPresent();
  }

  @Test
  void onlineCareIsAskedForByConsentDateOrByExaminationDateWithFlag3() throws Exception {
    BulkResult byConsent = fetch(ConsentedQuery.onlineByConsent(TODAY, TODAY));
    assertThat(sentSearch())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ConsentDateFrom", "20250602",
                "ConsentDateTo", "20250602",
                "MedicalTreatmentFlag", "3"));
    assertThat(byConsent.units()).hasSize(1);
    assertThat(byConsent.units().get(0).results().get(0).birthdate()).isEqualTo(online.birthDate());

    fetch(ConsentedQuery.onlineByExamination(TODAY.minusDays(6), TODAY));
    assertThat(sentSearch())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ExaminationDateFrom", "20250527",
                "ExaminationDateTo", "20250602",
                "MedicalTreatmentFlag", "3"));
  }

  @Test
  void medicalAidIsAskedForByTreatmentMonthAloneAndEachUnitIsMedicalAid() throws Exception {
    BulkResult result = fetch(retrievals.defaultQuery(ConsentedForm.MEDICAL_AID));

    assertThat(sentSearch()).containsExactlyEntriesOf(Map.of("MedicalTreatmentMonth", "202506"));
    assertThat(result.units())
        .isNotEmpty()
        .allSatisfy(u -> assertThat(u.results()).anyMatch(QualificationResult::isMedicalAid));
  }

  @Test
  void theNightlyRangeIsTheLastDaysAndThisMonthInJapanNotInUtc() {
    // 2025-06-30 16:00 UTC is already 1 July in Japan.
    ConsentedRetrievals lateEvening =
        new ConsentedRetrievals(
            new BulkExchange(h.link),
            SimulatorOptions.DEFAULT_INSTITUTION,
            new ConsentedConfig(3, 31),
            Clock.fixed(Instant.parse("2025-06-30T16:00:00Z"), ZoneOffset.UTC));

    assertThat(lateEvening.defaultQuery(ConsentedForm.HOME_VISIT))
        .isEqualTo(ConsentedQuery.homeVisit(LocalDate.of(2025, 6, 28), LocalDate.of(2025, 7, 1)));
    assertThat(lateEvening.defaultQuery(ConsentedForm.ONLINE))
        .isEqualTo(
            ConsentedQuery.onlineByConsent(LocalDate.of(2025, 6, 28), LocalDate.of(2025, 7, 1)));
    assertThat(lateEvening.defaultQuery(ConsentedForm.MEDICAL_AID))
        .isEqualTo(ConsentedQuery.medicalAid(YearMonth.of(2025, 7)));
  }

  @Test
  void aRangeThatCannotBeAskedForIsRefusedNamingItsFieldAndNothingIsSent() {
    long written = h.link.status().await().pending();
    int before = uploads.size();

    assertThat(field(ConsentedQuery.homeVisit(TODAY, TODAY.minusDays(1)))).isEqualTo("from");
    assertThat(field(ConsentedQuery.homeVisit(TODAY, TODAY.plusDays(1)))).isEqualTo("to");
    assertThat(field(ConsentedQuery.homeVisit(TODAY.minusDays(31), TODAY))).isEqualTo("from");
    assertThat(field(ConsentedQuery.homeVisit(null, TODAY))).isEqualTo("from");
    assertThat(field(ConsentedQuery.homeVisit(TODAY, null))).isEqualTo("to");
    assertThat(field(ConsentedQuery.medicalAid(YearMonth.of(2025, 7)))).isEqualTo("month");
    assertThat(
            field(
                new ConsentedQuery(
                    ConsentedForm.HOME_VISIT,
                    ConsentedQuery.SearchBy.EXAMINATION_DATE,
                    TODAY,
                    TODAY)))
        .isEqualTo("by");
    assertThat(retrievals.validate(ConsentedQuery.homeVisit(TODAY.minusDays(30), TODAY)))
        .as("31 days, both ends included, is the longest")
        .isEmpty();

    assertThat(uploads).hasSize(before);
    assertThat(h.link.status().await().pending()).isEqualTo(written);
  }

  @Test
  void withoutAnInstitutionCodeNothingCanBeFetched() {
    ConsentedRetrievals unconfigured =
        new ConsentedRetrievals(new BulkExchange(h.link), "", ConsentedConfig.DEFAULTS, CLOCK);

    Optional<Rejection> refused =
        unconfigured.validate(unconfigured.defaultQuery(ConsentedForm.HOME_VISIT));

    assertThat(refused)
        .hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE));
  }

  /** The field the rejection of {@code q} names; fetching it fails with that rejection. */
  private String field(ConsentedQuery q) {
    Rejection r = retrievals.validate(q).orElseThrow();
    assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
    assertThat(retrievals.fetch(q, recorder()).cause())
        .isInstanceOf(Rejection.class)
        .hasMessage(r.getMessage());
    return r.field();
  }
}
