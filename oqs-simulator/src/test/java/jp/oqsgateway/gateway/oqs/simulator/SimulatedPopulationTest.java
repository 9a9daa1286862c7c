package jp.oqsgateway.gateway.oqs.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SimulatedPopulationTest {
  private static final SimulatedPopulation POP = SimulatedPopulation.standard();
  private static final LocalDate BASE = POP.timelineBase();

  private static Stream<Coverage> coverages() {
    return POP.persons().stream().flatMap(p -> p.coverages().stream());
  }

  @Test
  void checkDigitFollowsTheReferenceVectors() {
    for (String valid :
        List.of(
            "138156",
            "06138093",
            "06110852",
            "63132286",
            "31130685",
            "39131156",
            "39131131",
            "39131040",
            "80137151",
            "41139155",
            "81137150",
            "06139984",
            "139998",
            "39139993",
            "01139997",
            "50123454",
            "50987650")) {
      assertThat(CheckDigits.isValid(valid)).as(valid).isTrue();
    }
    assertThat(CheckDigits.isValid("50987651")).isFalse();
    assertThat(CheckDigits.append("0613998")).isEqualTo("06139984");
  }

  @Test
  void thereAreAtLeastTwoHundredPersonsWithUniqueIdsAndChartIds() {
    assertThat(POP.persons()).hasSizeGreaterThanOrEqualTo(200);
    assertThat(POP.persons().stream().map(SimulatedPerson::id).distinct().count())
        .isEqualTo(POP.persons().size());
    assertThat(POP.persons().stream().map(p -> p.chart().patientId()).distinct().count())
        .isEqualTo(POP.persons().size());
    assertThat(POP.persons().get(122).chart().patientId()).isEqualTo("P000123");
  }

  @Test
  void everyInsurerNumberAndKoukiNumberHasAValidCheckDigit() {
    coverages()
        .forEach(
            c -> {
              assertThat(CheckDigits.isValid(c.insurerNumber())).as(c.insurerNumber()).isTrue();
              assertThat(c.insurerNumber().length()).isIn(6, 8);
              if (c.isKouki()) {
                assertThat(c.number()).hasSize(8);
                assertThat(CheckDigits.isValid(c.number())).as(c.number()).isTrue();
                assertThat(c.symbol()).isNull();
                assertThat(c.branch()).isNull();
              }
              if (c.isMedicalAid()) {
                assertThat(c.insurerNumber()).startsWith("12");
                assertThat(CheckDigits.isValid(c.number())).isTrue();
              }
            });
  }

  @Test
  void twoConstructionsFromTheSameSeedGiveTheSamePersons() {
    SimulatedPopulation again = SimulatedPopulation.standard();
    assertThat(again.persons()).isEqualTo(POP.persons());
    SimulatedPopulation other =
        SimulatedPopulation.generate(7, SimulatedPopulation.DEFAULT_SIZE, BASE);
    assertThat(other.persons()).isNotEqualTo(POP.persons());
  }

  @Test
  void everyValueTheGatewayMustHandleIsCovered() {
    Set<String> cards = coverages().map(Coverage::cardClassification).collect(Collectors.toSet());
    assertThat(cards).contains("01", "02", "03", "04", "05", "06", "07", "A1");
    assertThat(coverages().map(Coverage::personalFamily)).contains("1", "2");
    assertThat(POP.persons()).anyMatch(p -> ResultElements.preschool(p.birthDate(), BASE));
    Set<String> elderly =
        coverages()
            .filter(c -> c.elderly() != null)
            .map(c -> c.elderly().ratio())
            .collect(Collectors.toSet());
    assertThat(elderly).contains("020", "030");
    Set<String> kouki =
        coverages()
            .filter(Coverage::isKouki)
            .map(Coverage::partialContributionRatio)
            .collect(Collectors.toSet());
    assertThat(kouki).contains("010", "020", "030");
    Set<String> flags =
        coverages()
            .filter(c -> c.limit() != null)
            .map(c -> c.limit().flag())
            .collect(Collectors.toSet());
    assertThat(flags)
        .contains(
            "A01", "A02", "A03", "A04", "A05", "A06", "B01", "B02", "B03", "B04", "B05", "B06",
            "B07", "B08", "B09", "B10");
    assertThat(coverages().filter(c -> c.limit() != null).map(c -> c.limit().classification()))
        .contains("01", "02", "03");
    assertThat(coverages().filter(c -> c.limit() != null && c.limit().flag().equals("B10")))
        .allMatch(c -> c.isKouki() && c.partialContributionRatio().equals("010"));
    assertThat(coverages().filter(c -> c.limit() != null && c.limit().flag().equals("B09")))
        .allMatch(c -> c.isKouki() && c.partialContributionRatio().equals("020"));
    assertThat(coverages().flatMap(c -> c.specificDiseases().stream()))
        .extracting(Coverage.SpecificDisease::category)
        .contains("1", "2", "3");
    assertThat(coverages().flatMap(c -> c.specificDiseases().stream()))
        .allMatch(d -> d.selfPay() > 0);
    assertThat(coverages().filter(Coverage::isMedicalAid))
        .anyMatch(c -> c.medicalAid().ticketsRegistered())
        .anyMatch(c -> !c.medicalAid().ticketsRegistered());
    assertThat(coverages().map(Coverage::reasonOfLoss)).contains("01", "02", "03", "99");
    assertThat(coverages().filter(c -> c.reasonOfLoss() != null))
        .allMatch(c -> c.disqualificationDate() != null);
    assertThat(coverages()).anyMatch(c -> !c.registeredInOqs());
    assertThat(coverages()).anyMatch(c -> c.expirationDate() == null);
    assertThat(coverages()).anyMatch(c -> c.expirationDate() != null);
  }

  @Test
  void lookupsReachEveryQualificationValidity() {
    assertThat(validity(POP.first("loss:01"), 0, BASE)).isEqualTo("2");
    SimulatedPerson changed = POP.first("insurerChange");
    assertThat(validity(changed, 0, BASE)).isEqualTo("3");
    assertThat(validity(changed, 1, BASE)).isEqualTo("1");
    assertThat(validity(POP.first("notFound"), 0, BASE)).isEqualTo("4");
    SimulatedPerson twin = POP.first("multiple");
    Coverage c = twin.coverages().get(0);
    assertThat(
            POP.lookup(c.insurerNumber(), c.symbol(), c.number(), null, twin.birthDate(), BASE)
                .validity())
        .isEqualTo("5");
    assertThat(validity(POP.first("aid:unregistered"), 0, BASE)).isEqualTo("6");
  }

  private static String validity(SimulatedPerson p, int coverage, LocalDate asOf) {
    Coverage c = p.coverages().get(coverage);
    return POP.lookup(
            c.paddedInsurerNumber(), c.symbol(), c.number(), c.branch(), p.birthDate(), asOf)
        .validity();
  }

  @Test
  void namesCoverGaijiPlaceholdersCp932ExtensionsAndHalfWidthKana() {
    Charset cp932 = Charset.forName("windows-31j");
    Charset strictSjis = Charset.forName("Shift_JIS");
    assertThat(POP.persons())
        .anyMatch(p -> p.name().contains("●") && !p.chart().name().contains("●"));
    assertThat(POP.persons().stream().filter(p -> p.name().contains("●")))
        .allMatch(p -> !cp932.newEncoder().canEncode(p.chart().name()));
    assertThat(POP.persons())
        .anyMatch(
            p ->
                cp932.newEncoder().canEncode(p.name())
                    && !strictSjis.newEncoder().canEncode(p.name()));
    for (SimulatedPerson p : POP.persons()) {
      assertThat(cp932.newEncoder().canEncode(p.name() + p.nameKana() + p.address()))
          .as(p.id())
          .isTrue();
      assertThat(p.nameKana()).matches("[\\uFF61-\\uFF9F]+ [\\uFF61-\\uFF9F]+");
      assertThat(p.name()).contains("　");
    }
  }

  @Test
  void chartAddressesDifferInWidthCaseOrReally() {
    assertThat(POP.withTag("chartAddress:same"))
        .allMatch(p -> p.chartAddress().equals(p.address()));
    for (String variant : List.of("width", "case", "moved")) {
      assertThat(POP.withTag("chartAddress:" + variant))
          .as(variant)
          .isNotEmpty()
          .allMatch(p -> !p.chartAddress().equals(p.address()));
    }
    assertThat(POP.withTag("chartAddress:width"))
        .allMatch(
            p ->
                java.text.Normalizer.normalize(p.address(), java.text.Normalizer.Form.NFKC)
                    .equals(
                        java.text.Normalizer.normalize(
                            p.chartAddress(), java.text.Normalizer.Form.NFKC)));
  }

  @Test
  void timelineChangesHappenAroundTheBase() {
    SimulatedPerson seventy = POP.first("turns70");
    Coverage.Elderly e = seventy.coverages().get(0).elderly();
    assertThat(e.from()).isAfter(BASE);
    assertThat(e.from().getDayOfMonth()).isEqualTo(1);
    SimulatedPerson seventyFive = POP.first("turns75");
    assertThat(seventyFive.coverages()).hasSize(2);
    Coverage old = seventyFive.coverages().get(0);
    Coverage kouki = seventyFive.coverages().get(1);
    assertThat(old.reasonOfLoss()).isEqualTo("03");
    assertThat(kouki.qualificationDate()).isEqualTo(old.disqualificationDate());
    assertThat(kouki.qualificationDate()).isEqualTo(seventyFive.birthDate().plusYears(75));
    SimulatedPerson changed = POP.first("insurerChange");
    assertThat(changed.coverages().get(1).qualificationDate())
        .isEqualTo(changed.coverages().get(0).disqualificationDate());
    assertThat(changed.chart().insurerNumber())
        .isEqualTo(changed.coverages().get(0).insurerNumber());
  }
}
