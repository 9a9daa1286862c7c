package jp.oqsgateway.gateway.qualification.diff;

import static jp.oqsgateway.gateway.qualification.diff.SimulatedQualifications.AS_OF;
import static jp.oqsgateway.gateway.qualification.diff.SimulatedQualifications.POPULATION;
import static jp.oqsgateway.gateway.qualification.diff.SimulatedQualifications.chartOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The diff over real simulator answers for the persons the product's promises are about. */
class InsuranceDiffWithSimulatorTest {
  @TempDir Path root;
  private SimulatedQualifications oqs;

  @BeforeEach
  void simulator() {
    oqs = new SimulatedQualifications(root);
  }

  @AfterEach
  void stop() throws Exception {
    oqs.close();
  }

  private static SimulatedPerson person(
      String tag, java.util.function.Predicate<SimulatedPerson> p) {
    return POPULATION.withTag(tag).stream().filter(p).findFirst().orElseThrow();
  }

  @Test
  void aNameWithPlaceholderMatchesTheChartsRealCharacterAndTheChartNameIsKept() throws Exception {
    SimulatedPerson p = person("gaiji", x -> x.name().startsWith("●"));
    QualificationResultMessage m = oqs.cardReading(p);
    assertThat(m.results().get(0).name()).startsWith("●");
    assertThat(p.chart().name()).doesNotContain("●");

    DiffReport r = InsuranceDiff.compare(chartOf(p), m, AS_OF);

    assertThat(r.on(Fields.NAME)).isEmpty();
    assertThat(r.on(Fields.NAME_KANA)).as("ﾖｼﾀﾞ ｶｽﾞｺ is ヨシダ　カズコ").isEmpty();
    assertThat(r.proposal().record().name()).isEqualTo(p.chart().name());
  }

  @Test
  void aPlaceholderInTheGivenNameIsNoDifferenceEither() throws Exception {
    SimulatedPerson p = person("gaiji", x -> x.name().contains("●男"));
    DiffReport r = InsuranceDiff.compare(chartOf(p), oqs.cardReading(p), AS_OF);
    assertThat(r.on(Fields.NAME)).isEmpty();
    assertThat(r.proposal().record().name()).isEqualTo(p.chart().name()).doesNotContain("●");
  }

  @Test
  void aPersonWhoseChartMatchesOqsHasNoDifferenceAtAll() throws Exception {
    SimulatedPerson p =
        person(
            "gaiji",
            x -> x.hasTag("chartAddress:same") && x.hasTag("noExpiry") && !x.hasTag("elderly:020"));
    DiffReport r = InsuranceDiff.compare(chartOf(p), oqs.cardReading(p), AS_OF);
    assertThat(r.differences()).isEmpty();
    assertThat(r.proposal().newInsurance()).isFalse();
  }

  @Test
  void aBlankExpiryIsOpenEndedAndNeverReadAsExpired() throws Exception {
    SimulatedPerson p = POPULATION.first("noExpiry");
    QualificationResultMessage m = oqs.cardReading(p, AS_OF.plusYears(3));
    assertThat(m.results().get(0).insuredCardExpirationDate()).isEmpty();

    DiffReport r = InsuranceDiff.compare(chartOf(p), m, AS_OF.plusYears(3));

    assertThat(r.on(Fields.VALID_TO)).isEmpty();
    assertThat(r.on(Fields.QUALIFICATION)).isEmpty();
    assertThat(r.proposal().record().validTo()).isNull();
  }

  @Test
  void aChartThatThinksTheInsuranceExpiredIsToldOqsHasItOpenEnded() throws Exception {
    SimulatedPerson p = POPULATION.first("noExpiry");
    ChartInsuranceRecord chart = chartOf(p).toBuilder().validTo(LocalDate.of(2025, 3, 31)).build();

    DiffReport r = InsuranceDiff.compare(chart, oqs.cardReading(p), AS_OF);

    assertThat(r.on(Fields.VALID_TO))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.severity()).isEqualTo(Severity.UPDATE);
              assertThat(d.oqsValue()).isEqualTo("期限なし");
            });
    assertThat(r.proposal().record().validTo()).isNull();
  }

  @Test
  void aPresentExpiryBeforeTheDayAskedAboutIsExpired() throws Exception {
    SimulatedPerson p = person("expiry", x -> x.hasTag("card:03"));
    LocalDate expiry = p.coverages().get(0).expirationDate();
    LocalDate later = expiry.plusDays(1);
    ChartInsuranceRecord chart = chartOf(p).toBuilder().validTo(expiry).build();

    DiffReport before = InsuranceDiff.compare(chart, oqs.cardReading(p, expiry), expiry);
    DiffReport after = InsuranceDiff.compare(chart, oqs.cardReading(p, later), later);

    assertThat(before.on(Fields.VALID_TO)).isEmpty();
    assertThat(after.on(Fields.VALID_TO))
        .singleElement()
        .extracting(FieldDifference::severity)
        .isEqualTo(Severity.BLOCKING);
  }

  @Test
  void generalTwoOfALateElderlyPersonArrivesStructuredWithTheHighCostCategory() throws Exception {
    SimulatedPerson p = POPULATION.first("limit:B09");
    assertThat(p.consents().limit()).isTrue();
    ChartInsuranceRecord chart =
        chartOf(p).toBuilder().copayPercent(20).limitCategory("B04").build();

    DiffReport r = InsuranceDiff.compare(chart, oqs.cardReading(p), AS_OF);

    FieldDifference d = r.on(Fields.LIMIT_CATEGORY).get(0);
    assertThat(d.severity()).isEqualTo(Severity.UPDATE);
    assertThat(d.chartValue()).isEqualTo("B04 一般");
    assertThat(d.oqsValue()).isEqualTo("B09 一般Ⅱ");
    assertThat(d.message()).contains("一般Ⅰ", "一般Ⅱ");
    LimitCategory limit = r.proposal().limitCategory().orElseThrow();
    assertThat(limit.code()).isEqualTo("B09");
    assertThat(limit.label()).contains("一般Ⅱ");
    assertThat(limit.highCost()).contains(new HighCostCategory(41, "一般Ⅱ"));
    assertThat(limit.validFrom()).isNotNull();
    assertThat(r.proposal().record().limitCategory()).isEqualTo("B09");
    assertThat(r.proposal().lateElderlyCopayPercent()).contains(20);
    assertThat(r.on(Fields.COPAY_RATIO)).isEmpty();
  }

  @Test
  void generalOneIsToldApartFromGeneralTwo() throws Exception {
    SimulatedPerson p = POPULATION.first("limit:B10");
    ChartInsuranceRecord chart =
        chartOf(p).toBuilder().copayPercent(10).limitCategory("B09").build();

    DiffReport r = InsuranceDiff.compare(chart, oqs.cardCheck(p), AS_OF);

    assertThat(r.on(Fields.LIMIT_CATEGORY))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.chartValue()).isEqualTo("B09 一般Ⅱ");
              assertThat(d.oqsValue()).isEqualTo("B10 一般Ⅰ");
            });
    assertThat(r.proposal().limitCategory().orElseThrow().highCost())
        .contains(new HighCostCategory(0, "一般"));
  }

  @Test
  void aLimitCategoryOqsDoesNotShowWithoutConsentIsKeptNotRemoved() throws Exception {
    SimulatedPerson p = person("limit:B10", x -> !x.consents().limit());
    ChartInsuranceRecord chart =
        chartOf(p).toBuilder().copayPercent(10).limitCategory("B10").build();

    DiffReport r = InsuranceDiff.compare(chart, oqs.cardReading(p), AS_OF);

    assertThat(r.on(Fields.LIMIT_CATEGORY)).isEmpty();
    assertThat(r.proposal().limitCategory()).isEmpty();
    assertThat(r.proposal().record().limitCategory()).isEqualTo("B10");
  }

  @Test
  void aTwoTenthsElderlyRecipientMissingInTheChartIsAnUpdateWithItsStartDate() throws Exception {
    SimulatedPerson p = POPULATION.first("elderly:020");
    DiffReport r = InsuranceDiff.compare(chartOf(p), oqs.cardReading(p), AS_OF);

    FieldDifference d = r.on(Fields.ELDERLY_RECIPIENT_RATIO).get(0);
    assertThat(d.severity()).isEqualTo(Severity.UPDATE);
    assertThat(d.oqsValue()).isEqualTo("2割");
    ElderlyRecipientRatio e = r.proposal().elderlyRecipient().orElseThrow();
    assertThat(e.percent()).isEqualTo(20);
    assertThat(e.validFrom()).isNotNull().isBeforeOrEqualTo(AS_OF);
    assertThat(r.proposal().record().elderlyRecipientPercent()).isEqualTo(20);
  }

  @Test
  void aThreeTenthsChartForATwoTenthsElderlyRecipientIsAnUpdateNotBlocking() throws Exception {
    SimulatedPerson p = POPULATION.first("elderly:020");
    ChartInsuranceRecord chart = chartOf(p).toBuilder().elderlyRecipientPercent(30).build();
    DiffReport r = InsuranceDiff.compare(chart, oqs.cardReading(p), AS_OF);
    assertThat(r.on(Fields.ELDERLY_RECIPIENT_RATIO))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.chartValue()).isEqualTo("3割");
              assertThat(d.severity()).isEqualTo(Severity.UPDATE);
            });
  }

  @Test
  void turningSeventyShowsTheNewElderlyRecipientRatioFromTheFirstOfTheNextMonth() throws Exception {
    SimulatedPerson p = POPULATION.first("turns70");
    LocalDate later = AS_OF.plusMonths(2);
    DiffReport before = InsuranceDiff.compare(chartOf(p), oqs.cardReading(p), AS_OF);
    DiffReport after = InsuranceDiff.compare(chartOf(p), oqs.cardReading(p, later), later);

    assertThat(before.on(Fields.ELDERLY_RECIPIENT_RATIO)).isEmpty();
    ElderlyRecipientRatio e = after.proposal().elderlyRecipient().orElseThrow();
    assertThat(e.validFrom().getDayOfMonth()).isEqualTo(1);
    assertThat(e.validFrom()).isAfter(p.birthDate().plusYears(70).minusDays(1));
    assertThat(after.on(Fields.ELDERLY_RECIPIENT_RATIO)).hasSize(1);
  }

  @Test
  void anInsurerChangeProposesTheNewInsuranceAndClosesTheOldOneTheDayBefore() throws Exception {
    SimulatedPerson p = POPULATION.first("insurerChange");
    QualificationResult now = oqs.cardReading(p).results().get(0);
    LocalDate starts = now.qualificationDate().orElseThrow();

    DiffReport r = InsuranceDiff.compare(chartOf(p), now, AS_OF);

    assertThat(r.blocking()).isTrue();
    assertThat(r.on(Fields.INSURER_NUMBER))
        .singleElement()
        .extracting(FieldDifference::severity)
        .isEqualTo(Severity.BLOCKING);
    ProposedRecord proposal = r.proposal();
    assertThat(proposal.newInsurance()).isTrue();
    assertThat(proposal.record().insurerNumber())
        .isEqualTo(now.insurerNumber().orElseThrow().digits());
    assertThat(proposal.record().number())
        .isEqualTo(now.insuredIdentificationNumber().orElseThrow());
    assertThat(proposal.record().validFrom()).isEqualTo(starts);
    assertThat(proposal.record().validTo()).isNull();
    ClosedInsurance old = proposal.previous().orElseThrow();
    assertThat(old.insurerNumber()).isEqualTo(p.chart().insurerNumber());
    assertThat(old.validTo()).isEqualTo(starts.minusDays(1));
  }

  @Test
  void theOldCardOfAnInsurerChangeIsBlockingWithNewQualificationAvailable() throws Exception {
    SimulatedPerson p = POPULATION.first("insurerChange");
    QualificationResultMessage m = oqs.cardCheck(p);
    assertThat(
            m.qualificationValidity()
                .orElseThrow()
                .is(QualificationValidity.INVALID_NEW_QUALIFICATION))
        .isTrue();

    DiffReport r = InsuranceDiff.compare(chartOf(p), m, AS_OF);

    FieldDifference d = r.on(Fields.QUALIFICATION).get(0);
    assertThat(d.severity()).isEqualTo(Severity.BLOCKING);
    assertThat(d.message()).contains("新しい資格があります");
    LocalDate lost = m.results().get(0).disqualificationDate().orElseThrow();
    assertThat(d.oqsValue()).contains(Display.date(lost));
    assertThat(r.proposal().record().validTo()).isEqualTo(lost.minusDays(1));
  }

  @Test
  void aLostQualificationIsBlockingWithTheDateOfLoss() throws Exception {
    SimulatedPerson p = POPULATION.first("loss:01");
    QualificationResultMessage m = oqs.cardReading(p);
    DiffReport r = InsuranceDiff.compare(chartOf(p), m, AS_OF);
    LocalDate lost = m.results().get(0).disqualificationDate().orElseThrow();
    assertThat(r.on(Fields.QUALIFICATION))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.severity()).isEqualTo(Severity.BLOCKING);
              assertThat(d.message()).contains(Display.date(lost), "死亡");
            });
  }

  @Test
  void aSpecificDiseaseArrivesStructuredWithItsSelfPay() throws Exception {
    SimulatedPerson p = person("disease:1", x -> x.consents().specificDiseases());
    DiffReport r = InsuranceDiff.compare(chartOf(p), oqs.cardReading(p), AS_OF);

    assertThat(r.on(Fields.SPECIFIC_DISEASE))
        .singleElement()
        .extracting(FieldDifference::severity)
        .isEqualTo(Severity.UPDATE);
    SpecificDisease d = r.proposal().specificDiseases().get(0);
    assertThat(d.category()).isEqualTo("1");
    assertThat(d.label()).contains("人工透析を必要とする慢性腎不全");
    int selfPay = p.coverages().get(0).specificDiseases().get(0).selfPay();
    assertThat(d.selfPay()).contains(selfPay);
    assertThat(r.proposal().record().specificDiseases())
        .containsExactly(new ChartSpecificDisease("1", selfPay));
  }

  @Test
  void aLateElderlyRatioChangeIsAnUpdateAndASymbolInTheChartIsBlocking() throws Exception {
    SimulatedPerson p = POPULATION.first("kouki:010");
    ChartInsuranceRecord chart = chartOf(p).toBuilder().copayPercent(20).symbol("12").build();
    DiffReport r = InsuranceDiff.compare(chart, oqs.cardReading(p), AS_OF);

    assertThat(r.on(Fields.COPAY_RATIO))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.severity()).isEqualTo(Severity.UPDATE);
              assertThat(d.chartValue()).isEqualTo("2割");
              assertThat(d.oqsValue()).isEqualTo("1割");
            });
    assertThat(r.proposal().lateElderlyCopayPercent()).contains(10);
    assertThat(r.on(Fields.SYMBOL))
        .singleElement()
        .extracting(FieldDifference::severity)
        .isEqualTo(Severity.BLOCKING);
    assertThat(r.proposal().record().symbol()).isNull();
  }

  @Test
  void aMedicalAidQualificationMissingInTheChartIsBlocking() throws Exception {
    SimulatedPerson p = POPULATION.first("aid:registered");
    DiffReport r =
        InsuranceDiff.compare(
            chartOf(p).toBuilder().insurerNumber(null).number(null).build(),
            oqs.cardReading(p),
            AS_OF);
    assertThat(r.on(Fields.MEDICAL_AID_PAYER_NUMBER))
        .singleElement()
        .extracting(FieldDifference::severity)
        .isEqualTo(Severity.BLOCKING);
    assertThat(r.on(Fields.INSURER_NUMBER)).isEmpty();
    assertThat(r.proposal().record().medicalAid().payerNumber()).startsWith("12");
  }

  @Test
  void aCardCheckWithoutQualificationIsBlockingAndProposesTheChartUnchanged() throws Exception {
    SimulatedPerson p = POPULATION.first("notFound");
    QualificationResultMessage m = oqs.cardCheck(p);
    assertThat(m.results()).isEmpty();

    DiffReport r = InsuranceDiff.compare(chartOf(p), m, AS_OF);

    assertThat(r.on(Fields.QUALIFICATION))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.severity()).isEqualTo(Severity.BLOCKING);
              assertThat(d.oqsValue()).isEqualTo("4 該当資格なし");
            });
    assertThat(r.proposal().record()).isEqualTo(chartOf(p));
  }

  @ParameterizedTest(name = "a chart address tagged {0} gives {1}")
  @CsvSource({
    "chartAddress:same, NONE",
    "chartAddress:width, COSMETIC",
    "chartAddress:case, COSMETIC",
    "chartAddress:moved, UPDATE"
  })
  void chartAddressesDifferAsTheyReallyDo(String tag, String expected) throws Exception {
    for (SimulatedPerson p :
        POPULATION.withTag(tag).stream().filter(x -> x.hasTag("plainName")).limit(5).toList()) {
      DiffReport r = InsuranceDiff.compare(chartOf(p), oqs.cardReading(p), AS_OF);
      List<Severity> got = r.on(Fields.ADDRESS).stream().map(FieldDifference::severity).toList();
      if (expected.equals("NONE")) {
        assertThat(got).as(p.id()).isEmpty();
      } else {
        assertThat(got).as(p.id()).containsExactly(Severity.valueOf(expected));
      }
      String proposed = r.proposal().record().address();
      assertThat(proposed).isEqualTo(expected.equals("UPDATE") ? p.address() : p.chartAddress());
    }
  }
}
