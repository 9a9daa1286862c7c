package jp.oqsgateway.gateway.qualification.diff;

import static jp.oqsgateway.gateway.qualification.diff.OqsAnswer.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule table: one row per rule, named as the sentence it proves. Each row changes the chart
 * and/or the OQS answer of one fictitious person whose two sides otherwise agree, and states the
 * only difference expected on one field (or none).
 */
class InsuranceDiffRulesTest {
  private static final LocalDate Y2025_04_01 = LocalDate.of(2025, 4, 1);
  private static final LocalDate Y2025_07_31 = LocalDate.of(2025, 7, 31);

  /** One row: the change to each side, the field, the severity expected (null: none) and more. */
  record Row(
      UnaryOperator<ChartInsuranceRecord.Builder> chart,
      Consumer<OqsAnswer> oqs,
      String field,
      Severity expected,
      Consumer<DiffReport> more) {}

  static Arguments row(
      String sentence,
      UnaryOperator<ChartInsuranceRecord.Builder> chart,
      Consumer<OqsAnswer> oqs,
      String field,
      Severity expected) {
    return row(sentence, chart, oqs, field, expected, r -> {});
  }

  static Arguments row(
      String sentence,
      UnaryOperator<ChartInsuranceRecord.Builder> chart,
      Consumer<OqsAnswer> oqs,
      String field,
      Severity expected,
      Consumer<DiffReport> more) {
    return Arguments.of(sentence, new Row(chart, oqs, field, expected, more));
  }

  static Stream<Arguments> placeholders() {
    return Stream.of(
        row(
            "● in the OQS name matches one character of the chart's name, even one outside the BMP",
            c -> c.name("𠮷田　太郎"),
            o -> o.name = "●田　太郎",
            Fields.NAME,
            null,
            r -> assertThat(r.proposal().record().name()).isEqualTo("𠮷田　太郎")),
        row(
            "⚫ with a variation selector, as the help pages show it, is a placeholder",
            c -> c.name("髙田　太郎"),
            o -> o.name = "⚫️田　太郎",
            Fields.NAME,
            null),
        row(
            "Δ, named by the CLINICS FAQ, is a placeholder",
            c -> c.name("髙田　太郎"),
            o -> o.name = "Δ田　太郎",
            Fields.NAME,
            null),
        row(
            "〓, the JIS geta mark, is a placeholder",
            c -> c.name("髙田　太郎"),
            o -> o.name = "〓田　太郎",
            Fields.NAME,
            null),
        row(
            "a placeholder matches exactly one character, not two",
            c -> c.name("髙髙田　太郎"),
            o -> o.name = "●田　太郎",
            Fields.NAME,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().name()).isEqualTo("髙髙田　太郎")),
        row(
            "a real difference beside a placeholder is an update that keeps the chart's name",
            c -> c.name("𠮷川　太郎"),
            o -> o.name = "●田　太郎",
            Fields.NAME,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().name()).isEqualTo("𠮷川　太郎")),
        row(
            "a placeholder in OQS kana is a wildcard too",
            c -> c,
            o -> o.nameKana = "ﾐﾎﾝ ●ﾛｳ",
            Fields.NAME_KANA,
            null),
        row(
            "a name differing only in spacing is cosmetic",
            c -> c.name("見本太郎"),
            o -> {},
            Fields.NAME,
            Severity.COSMETIC,
            r -> assertThat(r.proposal().record().name()).isEqualTo("見本太郎")),
        row(
            "a changed surname without placeholders is an update proposing the OQS name",
            c -> c.name("試験　太郎"),
            o -> {},
            Fields.NAME,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().name()).isEqualTo("見本　太郎")));
  }

  static Stream<Arguments> kana() {
    return Stream.of(
        row(
            "half-width kana with voiced marks equals composed full-width kana",
            c -> c.nameKana("ガッコウ　パロウ"),
            o -> o.nameKana = "ｶﾞｯｺｳ ﾊﾟﾛｳ",
            Fields.NAME_KANA,
            null),
        row(
            "hiragana in the chart equals katakana from OQS",
            c -> c.nameKana("みほん　たろう"),
            o -> {},
            Fields.NAME_KANA,
            null),
        row(
            "a half-width space in the chart's kana equals a full-width one",
            c -> c.nameKana("ミホン タロウ"),
            o -> {},
            Fields.NAME_KANA,
            null),
        row(
            "kana without the space between family and given name is cosmetic",
            c -> c.nameKana("ミホンタロウ"),
            o -> {},
            Fields.NAME_KANA,
            Severity.COSMETIC),
        row(
            "large kana where OQS has small kana is cosmetic, not equal",
            c -> c.nameKana("キヨウコ"),
            o -> o.nameKana = "ｷｮｳｺ",
            Fields.NAME_KANA,
            Severity.COSMETIC),
        row(
            "a different kana reading is an update proposing full-width katakana",
            c -> c.nameKana("ミモト　タロウ"),
            o -> {},
            Fields.NAME_KANA,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().nameKana()).isEqualTo("ミホン　タロウ")));
  }

  static Stream<Arguments> addresses() {
    return Stream.of(
        row(
            "half-width digits in the chart's address are cosmetic",
            c -> c.address("東京都架空区見本町一丁目2番3号"),
            o -> {},
            Fields.ADDRESS,
            Severity.COSMETIC,
            r -> {
              assertThat(r.proposal().record().address()).isEqualTo("東京都架空区見本町一丁目2番3号");
              assertThat(r.proposal().address()).as("nothing to confirm").isEmpty();
            }),
        row(
            "hyphens ー－‐- in an address are all the same",
            c -> c.address("東京都架空区見本町1-2-3"),
            o -> o.address = "東京都架空区見本町１ー２－３",
            Fields.ADDRESS,
            Severity.COSMETIC),
        row(
            "upper and lower case in an address are cosmetic",
            c -> c.address("東京都架空区見本町一丁目２番３号見本ハイツb棟"),
            o -> o.address = "東京都架空区見本町一丁目２番３号見本ハイツＢ棟",
            Fields.ADDRESS,
            Severity.COSMETIC),
        row(
            "spaces in an address are cosmetic",
            c -> c.address("東京都架空区 見本町一丁目２番３号"),
            o -> {},
            Fields.ADDRESS,
            Severity.COSMETIC),
        row(
            "another town is an update proposing the insurer's address, marked for a person to confirm",
            c -> c.address("東京都架空区試験町四丁目５番６号"),
            o -> {},
            Fields.ADDRESS,
            Severity.UPDATE,
            r -> {
              assertThat(r.proposal().record().address()).isEqualTo("東京都架空区見本町一丁目２番３号");
              AddressToConfirm mark = r.proposal().address().orElseThrow();
              assertThat(mark.value()).isEqualTo("東京都架空区見本町一丁目２番３号");
              assertThat(mark.reason()).isEqualTo(AddressToConfirm.DIFFERS);
              assertThat(mark.message()).contains("患者に確認");
            }),
        row(
            "an address the chart lacks is proposed from OQS, marked for a person to confirm",
            c -> c.address(null),
            o -> {},
            Fields.ADDRESS,
            Severity.UPDATE,
            r -> {
              AddressToConfirm mark = r.proposal().address().orElseThrow();
              assertThat(mark.reason()).isEqualTo(AddressToConfirm.CHART_HAS_NONE);
              assertThat(mark.message()).contains("患者に確認");
            }),
        row(
            "an address OQS does not return is no difference",
            c -> c.address("東京都架空区試験町四丁目５番６号"),
            o -> o.address = null,
            Fields.ADDRESS,
            null),
        row(
            "a post number in full-width digits is cosmetic",
            c -> c.postNumber("１９９－０００１"),
            o -> {},
            Fields.POST_NUMBER,
            Severity.COSMETIC),
        row(
            "another post number is an update",
            c -> c.postNumber("199-0099"),
            o -> {},
            Fields.POST_NUMBER,
            Severity.UPDATE));
  }

  static Stream<Arguments> expiry() {
    return Stream.of(
        row(
            "a blank expiry is open-ended, not expired, even years later",
            c -> c,
            o -> o.asOf = LocalDate.of(2031, 1, 1),
            Fields.VALID_TO,
            null,
            r -> assertThat(r.blocking()).isFalse()),
        row(
            "a past chart expiry with a blank OQS expiry becomes open-ended",
            c -> c.validTo(LocalDate.of(2025, 3, 31)),
            o -> {},
            Fields.VALID_TO,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().validTo()).isNull()),
        row(
            "a future chart expiry with a blank OQS expiry is kept",
            c -> c.validTo(LocalDate.of(2026, 3, 31)),
            o -> {},
            Fields.VALID_TO,
            null,
            r -> assertThat(r.proposal().record().validTo()).isEqualTo(LocalDate.of(2026, 3, 31))),
        row(
            "an OQS expiry before the day asked about is blocking",
            c -> c.validTo(LocalDate.of(2025, 5, 31)),
            o -> o.expirationDate = LocalDate.of(2025, 5, 31),
            Fields.VALID_TO,
            Severity.BLOCKING),
        row(
            "an OQS expiry on the day asked about is not yet expired",
            c -> c.validTo(AS_OF),
            o -> o.expirationDate = AS_OF,
            Fields.VALID_TO,
            null),
        row(
            "another future OQS expiry is an update",
            c -> c.validTo(LocalDate.of(2025, 7, 31)),
            o -> o.expirationDate = LocalDate.of(2026, 7, 31),
            Fields.VALID_TO,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().validTo()).isEqualTo(LocalDate.of(2026, 7, 31))));
  }

  static Stream<Arguments> numbers() {
    return Stream.of(
        row(
            "a 6-digit insurer number equals its zero-padded 8-digit form",
            c -> c.insurerNumber("00139998"),
            o -> o.insurerNumber = "  139998",
            Fields.INSURER_NUMBER,
            null),
        row(
            "a space-padded insurer number equals the bare one",
            c -> c.insurerNumber("  139998"),
            o -> o.insurerNumber = "139998",
            Fields.INSURER_NUMBER,
            null),
        row(
            "a full-width insurer number equals the half-width one",
            c -> c.insurerNumber("０６１３９９８４"),
            o -> {},
            Fields.INSURER_NUMBER,
            null),
        row(
            "another insurer is blocking and starts a new insurance",
            c -> c.insurerNumber("01139997"),
            o -> {},
            Fields.INSURER_NUMBER,
            Severity.BLOCKING,
            r -> assertThat(r.proposal().newInsurance()).isTrue()),
        row(
            "a full-width symbol equals the half-width one, cosmetically",
            c -> c.symbol("４８５５"),
            o -> {},
            Fields.SYMBOL,
            Severity.COSMETIC,
            r -> assertThat(r.proposal().newInsurance()).isFalse()),
        row(
            "another symbol is blocking",
            c -> c.symbol("4856"),
            o -> {},
            Fields.SYMBOL,
            Severity.BLOCKING),
        row(
            "leading zeros in the number are cosmetic",
            c -> c.number("00112398"),
            o -> {},
            Fields.NUMBER,
            Severity.COSMETIC),
        row(
            "full-width leading zeros in the number are cosmetic",
            c -> c.number("００１１２３９８"),
            o -> {},
            Fields.NUMBER,
            Severity.COSMETIC),
        row(
            "another number is blocking",
            c -> c.number("112399"),
            o -> {},
            Fields.NUMBER,
            Severity.BLOCKING),
        row(
            "branch 0 is not branch 00",
            c -> c.branch("0"),
            o -> {},
            Fields.BRANCH,
            Severity.BLOCKING),
        row(
            "a missing branch is blocking",
            c -> c.branch(null),
            o -> {},
            Fields.BRANCH,
            Severity.BLOCKING,
            r -> assertThat(r.proposal().record().branch()).isEqualTo("00")),
        row(
            "a full-width branch equals the half-width one",
            c -> c.branch("００"),
            o -> {},
            Fields.BRANCH,
            null),
        row(
            "本人 in the chart for 家族 in OQS is blocking",
            c -> c,
            o -> o.personalFamily = "2",
            Fields.PERSONAL_FAMILY,
            Severity.BLOCKING,
            r ->
                assertThat(r.proposal().record().personalFamily())
                    .isEqualTo(PersonalFamilyClassification.FAMILY)),
        row(
            "another birth date is blocking",
            c -> c.birthDate(LocalDate.of(1980, 4, 2)),
            o -> {},
            Fields.BIRTH_DATE,
            Severity.BLOCKING));
  }

  static Stream<Arguments> lateElderly() {
    UnaryOperator<ChartInsuranceRecord.Builder> kouki =
        c ->
            c.insurerNumber("39139993")
                .symbol(null)
                .branch(null)
                .personalFamily(null)
                .number("50123454")
                .birthDate(LocalDate.of(1945, 4, 1))
                .copayPercent(10);
    return Stream.of(
        row(
            "a late-elderly insurance has no symbol, so a chart symbol is blocking",
            c -> kouki.apply(c).symbol("12"),
            o -> o.lateElderly(10),
            Fields.SYMBOL,
            Severity.BLOCKING,
            r -> assertThat(r.proposal().record().symbol()).isNull()),
        row(
            "a late-elderly insurance has no branch, so a chart branch is an update",
            c -> kouki.apply(c).branch("00"),
            o -> o.lateElderly(10),
            Fields.BRANCH,
            Severity.UPDATE),
        row(
            "a late-elderly ratio from 1割 to 2割 is an update with the percent",
            kouki,
            o -> o.lateElderly(20),
            Fields.COPAY_RATIO,
            Severity.UPDATE,
            r -> {
              assertThat(r.proposal().lateElderlyCopayPercent()).contains(20);
              assertThat(r.proposal().record().copayPercent()).isEqualTo(20);
            }),
        row(
            "a late-elderly 3割 is delivered as 30 percent",
            kouki,
            o -> o.lateElderly(30),
            Fields.COPAY_RATIO,
            Severity.UPDATE,
            r -> assertThat(r.on(Fields.COPAY_RATIO).get(0).oqsValue()).isEqualTo("3割")),
        row(
            "the same late-elderly ratio is no difference",
            kouki,
            o -> o.lateElderly(10),
            Fields.COPAY_RATIO,
            null));
  }

  static Stream<Arguments> qualification() {
    return Stream.of(
        row(
            "validity 2 with a disqualification date is blocking with the date",
            c -> c,
            o -> {
              o.validity = "2";
              o.disqualificationDate = LocalDate.of(2025, 5, 16);
              o.reasonOfLoss = "99";
            },
            Fields.QUALIFICATION,
            Severity.BLOCKING,
            r -> {
              assertThat(r.on(Fields.QUALIFICATION).get(0).message())
                  .contains("2025/05/16")
                  .as("the reason その他 says whom to ask")
                  .contains("保険者", "コールセンター");
              assertThat(r.proposal().record().validTo()).isEqualTo(LocalDate.of(2025, 5, 15));
            }),
        row(
            "validity 3 is blocking and says a new qualification exists",
            c -> c,
            o -> {
              o.validity = "3";
              o.disqualificationDate = LocalDate.of(2025, 5, 16);
              o.reasonOfLoss = "03";
            },
            Fields.QUALIFICATION,
            Severity.BLOCKING,
            r ->
                assertThat(r.on(Fields.QUALIFICATION).get(0).message())
                    .contains("新しい資格があります")
                    .as("a named reason needs no one to ask")
                    .doesNotContain("コールセンター")),
        row(
            "without a validity a past disqualification date means lost",
            c -> c,
            o -> {
              o.validity = null;
              o.disqualificationDate = LocalDate.of(2025, 6, 1);
            },
            Fields.QUALIFICATION,
            Severity.BLOCKING),
        row(
            "a disqualification date after the day asked about is an update of the last valid day",
            c -> c,
            o -> o.disqualificationDate = LocalDate.of(2025, 7, 1),
            Fields.VALID_TO,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().validTo()).isEqualTo(LocalDate.of(2025, 6, 30))));
  }

  static Stream<Arguments> copay() {
    return Stream.of(
        row(
            "a preschool child billed at 3割 is blocking",
            c -> c.birthDate(LocalDate.of(2021, 5, 1)),
            o -> {
              o.birthdate = LocalDate.of(2021, 5, 1);
              o.preschool = true;
            },
            Fields.COPAY_RATIO,
            Severity.BLOCKING,
            r -> assertThat(r.proposal().record().copayPercent()).isEqualTo(20)),
        row(
            "a school child still billed at 2割 is blocking",
            c -> c.birthDate(LocalDate.of(2017, 5, 1)).copayPercent(20),
            o -> o.birthdate = LocalDate.of(2017, 5, 1),
            Fields.COPAY_RATIO,
            Severity.BLOCKING,
            r -> assertThat(r.proposal().record().copayPercent()).isEqualTo(30)),
        row(
            "a 72-year-old without an elderly certificate is not compared",
            c -> c.birthDate(LocalDate.of(1953, 1, 1)).copayPercent(20),
            o -> o.birthdate = LocalDate.of(1953, 1, 1),
            Fields.COPAY_RATIO,
            null),
        row(
            "an elderly recipient at 3割 where the chart says 2割 is an update with its start",
            c -> c.birthDate(LocalDate.of(1953, 1, 1)).elderlyRecipientPercent(20),
            o -> {
              o.birthdate = LocalDate.of(1953, 1, 1);
              o.elderly(30, LocalDate.of(2024, 8, 1), Y2025_07_31);
            },
            Fields.ELDERLY_RECIPIENT_RATIO,
            Severity.UPDATE,
            r ->
                assertThat(r.proposal().elderlyRecipient())
                    .contains(
                        new ElderlyRecipientRatio(30, LocalDate.of(2024, 8, 1), Y2025_07_31))));
  }

  static Stream<Arguments> certificates() {
    return Stream.of(
        row(
            "a 限度額 区分 the chart lacks is an update with code, label and 高額療養費区分",
            c -> c,
            o -> o.limit("A03", Y2025_04_01, Y2025_07_31),
            Fields.LIMIT_CATEGORY,
            Severity.UPDATE,
            r -> {
              LimitCategory l = r.proposal().limitCategory().orElseThrow();
              assertThat(l.code()).isEqualTo("A03");
              assertThat(l.label()).contains("ウ");
              assertThat(l.certificateLabel()).contains("限度額適用区分認定証");
              assertThat(l.highCost()).contains(new HighCostCategory(28, "区ウ"));
              assertThat(l.validFrom()).isEqualTo(Y2025_04_01);
            }),
        row(
            "the same 限度額 区分 is no difference but is still delivered structured",
            c -> c.limitCategory("A03"),
            o -> o.limit("A03", Y2025_04_01, Y2025_07_31),
            Fields.LIMIT_CATEGORY,
            null,
            r -> assertThat(r.proposal().limitCategory()).isPresent()),
        row(
            "一般 (B04) in the chart for a late-elderly 一般Ⅰ (B10) is an update naming the split",
            c -> c.limitCategory("B04"),
            o -> o.limit("B10", Y2025_04_01, Y2025_07_31),
            Fields.LIMIT_CATEGORY,
            Severity.UPDATE,
            r -> assertThat(r.on(Fields.LIMIT_CATEGORY).get(0).message()).contains("令和4年10月")),
        row(
            "an expired 限度額 certificate removes the chart's 区分",
            c -> c.limitCategory("A03"),
            o -> o.limit("A03", LocalDate.of(2024, 8, 1), LocalDate.of(2025, 5, 31)),
            Fields.LIMIT_CATEGORY,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().limitCategory()).isNull()),
        row(
            "no 限度額 information is unknown and keeps the chart's 区分",
            c -> c.limitCategory("A03"),
            o -> {},
            Fields.LIMIT_CATEGORY,
            null,
            r -> assertThat(r.proposal().record().limitCategory()).isEqualTo("A03")),
        row(
            "a 特定疾病 the chart lacks is an update with category and self-pay",
            c -> c,
            o -> o.disease("1", 10000, Y2025_04_01, null),
            Fields.SPECIFIC_DISEASE,
            Severity.UPDATE,
            r ->
                assertThat(r.proposal().record().specificDiseases())
                    .containsExactly(new ChartSpecificDisease("1", 10000))),
        row(
            "a changed 特定疾病 self-pay is an update",
            c -> c.specificDiseases(List.of(new ChartSpecificDisease("1", 10000))),
            o -> o.disease("1", 20000, Y2025_04_01, null),
            Fields.SPECIFIC_DISEASE,
            Severity.UPDATE,
            r ->
                assertThat(r.proposal().record().specificDiseases())
                    .containsExactly(new ChartSpecificDisease("1", 20000))),
        row(
            "a 特定疾病 OQS shows as ended is removed from the chart",
            c -> c.specificDiseases(List.of(new ChartSpecificDisease("2", 10000))),
            o -> o.disease("2", 10000, LocalDate.of(2020, 1, 1), LocalDate.of(2025, 3, 31)),
            Fields.SPECIFIC_DISEASE,
            Severity.UPDATE,
            r -> assertThat(r.proposal().record().specificDiseases()).isEmpty()),
        row(
            "a 特定疾病 OQS does not mention is kept",
            c -> c.specificDiseases(List.of(new ChartSpecificDisease("3", 10000))),
            o -> o.disease("1", 10000, Y2025_04_01, null),
            Fields.SPECIFIC_DISEASE,
            Severity.UPDATE,
            r ->
                assertThat(r.proposal().record().specificDiseases())
                    .containsExactlyInAnyOrder(
                        new ChartSpecificDisease("3", 10000),
                        new ChartSpecificDisease("1", 10000))));
  }

  static Stream<Arguments> medicalAid() {
    Consumer<OqsAnswer> aid =
        o -> {
          o.cardClassification = "A1";
          o.insurerNumber = "12139000";
          o.number = "0001234";
          o.symbol = null;
          o.branch = null;
          o.personalFamily = null;
        };
    UnaryOperator<ChartInsuranceRecord.Builder> noInsurance =
        c -> c.insurerNumber(null).symbol(null).number(null).branch(null).personalFamily(null);
    return Stream.of(
        row(
            "医療扶助 numbers compare like insurance numbers (width, leading zeros)",
            c -> noInsurance.apply(c).medicalAid(new ChartMedicalAid("１２１３９０００", "1234")),
            aid,
            Fields.MEDICAL_AID_RECIPIENT_NUMBER,
            null,
            r -> assertThat(r.differences()).isEmpty()),
        row(
            "another 医療扶助 recipient number is blocking",
            c -> noInsurance.apply(c).medicalAid(new ChartMedicalAid("12139000", "1235")),
            aid,
            Fields.MEDICAL_AID_RECIPIENT_NUMBER,
            Severity.BLOCKING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "placeholders",
    "kana",
    "addresses",
    "expiry",
    "numbers",
    "lateElderly",
    "qualification",
    "copay",
    "certificates",
    "medicalAid"
  })
  void rule(String sentence, Row row) {
    OqsAnswer oqs = new OqsAnswer();
    row.oqs().accept(oqs);
    ChartInsuranceRecord chart = row.chart().apply(OqsAnswer.chart()).build();

    DiffReport r = InsuranceDiff.compare(chart, oqs.validityCode(), oqs.result(), oqs.asOf);

    List<Severity> got = r.on(row.field()).stream().map(FieldDifference::severity).toList();
    if (row.expected() == null) {
      assertThat(got).as(sentence).isEmpty();
    } else {
      assertThat(got).as(sentence).containsExactly(row.expected());
    }
    row.more().accept(r);
  }

  @Test
  void theUnchangedFictitiousPersonHasNoDifference() {
    OqsAnswer oqs = new OqsAnswer();
    DiffReport r =
        InsuranceDiff.compare(OqsAnswer.chart().build(), oqs.validityCode(), oqs.result(), AS_OF);
    assertThat(r.differences()).isEmpty();
    assertThat(r.proposal().record()).isEqualTo(OqsAnswer.chart().build());
  }

  @Test
  void differencesComeMostSevereFirst() {
    OqsAnswer oqs = new OqsAnswer();
    ChartInsuranceRecord chart =
        OqsAnswer.chart().address("東京都架空区見本町一丁目2番3号").number("112399").nameKana("ミモト　タロウ").build();
    DiffReport r = InsuranceDiff.compare(chart, oqs.validityCode(), oqs.result(), AS_OF);
    assertThat(r.differences())
        .extracting(FieldDifference::severity)
        .containsExactly(Severity.BLOCKING, Severity.UPDATE, Severity.COSMETIC);
    assertThat(r.highestSeverity()).contains(Severity.BLOCKING);
  }
}
