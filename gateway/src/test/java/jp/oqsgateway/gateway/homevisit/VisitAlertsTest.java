package jp.oqsgateway.gateway.homevisit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.message.Consent;
import jp.oqsgateway.gateway.qualification.diff.LossGuidance;
import jp.oqsgateway.gateway.qualification.diff.OqsAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What matters before a visit, row by row: the last known answer and tonight's, each changed one
 * element at a time from the same fictitious person, and a relationship judged on the visit's day
 * with a notice of 7 days.
 */
class VisitAlertsTest {
  private static final LocalDate DAY = OqsAnswer.AS_OF; // 2025-06-02
  private static final VisitAlerts ALERTS = new VisitAlerts(ReinquiryRules.DEFAULTS, 7);

  /** A relationship far from its window's end: it says nothing on its own. */
  private static final Relationship QUIET = relationship(LocalDate.of(2025, 5, 20));

  record Row(
      Consumer<OqsAnswer> before,
      Consumer<OqsAnswer> after,
      Relationship relationship,
      LocalDate day,
      List<String> kinds,
      Consumer<VisitAlert> more) {}

  static Arguments row(
      String sentence, Consumer<OqsAnswer> before, Consumer<OqsAnswer> after, String... kinds) {
    return Arguments.of(sentence, new Row(before, after, QUIET, DAY, List.of(kinds), a -> {}));
  }

  static Arguments row(
      String sentence,
      Consumer<OqsAnswer> before,
      Consumer<OqsAnswer> after,
      Consumer<VisitAlert> more,
      String... kinds) {
    return Arguments.of(sentence, new Row(before, after, QUIET, DAY, List.of(kinds), more));
  }

  static Arguments onDay(
      String sentence, Relationship r, LocalDate day, Consumer<VisitAlert> more, String... kinds) {
    return Arguments.of(sentence, new Row(o -> {}, o -> {}, r, day, List.of(kinds), more));
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("the same answer again matters not", o -> {}, o -> {}),
        row("a difference of width in the kana matters not", o -> {}, o -> o.nameKana = "ﾐﾎﾝ　ﾀﾛｳ"),
        row(
            "a qualification lost since the last answer is one item, without guidance for a named"
                + " reason",
            o -> {},
            o -> lost(o, "01"),
            a -> {
              assertThat(item(a).ja()).doesNotContain(LossGuidance.OTHER_REASON_JA);
              assertThat(item(a).facts()).isEmpty();
            },
            "qualification-lost"),
        row(
            "a qualification lost for その他 says whom to ask, in Japanese and English",
            o -> {},
            o -> lost(o, "99"),
            a -> {
              assertThat(item(a).ja()).contains(LossGuidance.OTHER_REASON_JA);
              assertThat(item(a).en()).contains("call centre");
              assertThat(item(a).facts()).containsEntry("reasonOfLoss", "other");
            },
            "qualification-lost"),
        row(
            "a qualification already lost last time is not raised again",
            o -> lost(o, "01"),
            o -> lost(o, "01")),
        row(
            "another insurer is raised",
            o -> {},
            o -> o.insurerNumber = "139998",
            "insurer-changed"),
        row(
            "a 後期高齢者 copay ratio going from 10 to 20 percent is raised",
            o -> o.lateElderly(10),
            o -> o.lateElderly(20),
            "copay-changed"),
        row(
            "another 限度額 category is raised",
            o -> o.limit("A03", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 7, 31)),
            o -> o.limit("A04", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 7, 31)),
            "limit-category-changed"),
        row(
            "a 限度額 certificate absent from tonight's answer is unknown, not a change",
            o -> o.limit("A03", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 7, 31)),
            o -> {}),
        row(
            "a drug consent OQS now reports expired (flag 2) is withdrawn, naming the kind",
            o -> o.drugConsent = consent(ConsentFlag.CONSENTED, null),
            o -> o.drugConsent = consent(ConsentFlag.EXPIRED, null),
            a -> assertThat(item(a).facts()).containsEntry("consent", "drug"),
            "consent-withdrawn"),
        row(
            "a 限度額 consent given at the desk and not asked by tonight's re-inquiry raises nothing",
            o -> {},
            o -> o.limitConsent = LimitConsentFlag.NOT_CONSENTED),
        row(
            "a clinical consent expiring in three days is announced",
            o -> {},
            o -> o.clinicalConsent = consent(ConsentFlag.CONSENTED, DAY.plusDays(3)),
            a -> assertThat(item(a).facts()).containsEntry("consent", "clinical"),
            "consent-expiring"),
        row(
            "a consent expiring in thirty days is not announced yet",
            o -> {},
            o -> o.clinicalConsent = consent(ConsentFlag.CONSENTED, DAY.plusDays(30))),
        row(
            "several changes at once are one alert listing each",
            o -> o.drugConsent = consent(ConsentFlag.CONSENTED, null),
            o -> {
              o.insurerNumber = "139998";
              o.drugConsent = consent(ConsentFlag.NOT_CONSENTED, null);
            },
            "insurer-changed",
            "consent-withdrawn"),
        onDay(
            "a window closing within the notice days with no claims to continue it is announced",
            relationship(LocalDate.of(2025, 3, 5)),
            LocalDate.of(2025, 6, 25),
            a -> {
              assertThat(item(a).facts())
                  .containsEntry("windowEnd", "2025-06-30")
                  .containsEntry("reasonAfter", "claims-missing")
                  .containsEntry("missingClaimMonth", "2025-03");
              assertThat(a.relationshipId()).isPresent();
            },
            "window-ending"),
        onDay(
            "a window closing with every month claimed continues and says nothing",
            relationship(
                LocalDate.of(2025, 3, 5),
                YearMonth.of(2025, 3),
                YearMonth.of(2025, 4),
                YearMonth.of(2025, 5)),
            LocalDate.of(2025, 6, 25),
            a -> {}),
        onDay(
            "a month without a recorded claim past the window is raised with the month",
            relationship(LocalDate.of(2025, 1, 10), YearMonth.of(2025, 1), YearMonth.of(2025, 2)),
            DAY,
            a -> assertThat(item(a).facts()).containsEntry("missingClaimMonth", "2025-03"),
            "claims-missing"),
        onDay(
            "a claim needed within the notice days and not recorded is raised before it stops the"
                + " re-inquiry",
            relationship(
                LocalDate.of(2025, 1, 10),
                YearMonth.of(2025, 1),
                YearMonth.of(2025, 2),
                YearMonth.of(2025, 3),
                YearMonth.of(2025, 4)),
            LocalDate.of(2025, 6, 28),
            a -> assertThat(item(a).facts()).containsEntry("missingClaimMonth", "2025-05"),
            "claims-missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void whatMattersBeforeAVisit(String sentence, Row row) {
    OqsAnswer before = new OqsAnswer();
    row.before().accept(before);
    OqsAnswer after = new OqsAnswer();
    row.after().accept(after);

    Optional<VisitAlert> alert =
        ALERTS.compare(
            "HV-9",
            row.day(),
            Optional.of(row.relationship()),
            Optional.of(before.message()),
            Optional.of(after.message()));

    if (row.kinds().isEmpty()) {
      assertThat(alert).as("nothing matters").isEmpty();
      return;
    }
    VisitAlert a = alert.orElseThrow();
    assertThat(a.items()).extracting(i -> i.kind().wire()).containsExactlyElementsOf(row.kinds());
    assertThat(a.chartPatientId()).isEqualTo("HV-9");
    assertThat(a.items()).allSatisfy(i -> assertThat(i.ja()).isNotBlank());
    assertThat(a.items()).allSatisfy(i -> assertThat(i.en()).isNotBlank());
    row.more().accept(a);
  }

  @Test
  void aPatientNotReInquiredTonightIsStillToldThatAClaimIsMissing() {
    Relationship r =
        relationship(LocalDate.of(2025, 1, 10), YearMonth.of(2025, 1), YearMonth.of(2025, 2));

    Optional<VisitAlert> alert =
        ALERTS.compare("HV-9", DAY, Optional.of(r), Optional.empty(), Optional.empty());

    assertThat(alert.orElseThrow().items())
        .extracting(i -> i.kind().wire())
        .containsExactly("claims-missing");
  }

  @Test
  void theEventNamesThePatientByTheChartsIdAndCarriesNoQualificationValue() {
    OqsAnswer before = new OqsAnswer();
    before.drugConsent = consent(ConsentFlag.CONSENTED, null);
    OqsAnswer after = new OqsAnswer();
    lost(after, "99");
    after.insurerNumber = "139998";

    String event =
        ALERTS
            .compare(
                "HV-9",
                DAY,
                Optional.of(QUIET),
                Optional.of(before.message()),
                Optional.of(after.message()))
            .orElseThrow()
            .toEvent()
            .encode();

    assertThat(event)
        .contains("\"chartPatientId\":\"HV-9\"", "\"kind\":\"visit-alert\"", "qualification-lost")
        .doesNotContain(
            "06139984", "139998", "4855", "112398", "見本", "ﾐﾎﾝ", "1980", "2025-05-31", "東京都");
  }

  private static VisitAlert.Item item(VisitAlert a) {
    return a.items().get(0);
  }

  private static void lost(OqsAnswer o, String reason) {
    o.validity = "2";
    o.disqualificationDate = LocalDate.of(2025, 5, 31);
    o.reasonOfLoss = reason;
  }

  private static Consent<ConsentFlag> consent(ConsentFlag flag, LocalDate until) {
    return new Consent<>(
        Coded.of(flag),
        Optional.of(LocalDateTime.of(2025, 5, 20, 10, 0)),
        Optional.ofNullable(until).map(d -> d.atTime(23, 59)));
  }

  /**
   * A relationship with a fixed id: a random one sometimes held one of the digit runs the PII test
   * above looks for (a run of "4855" in its hex failed it once).
   */
  static Relationship relationship(LocalDate first, YearMonth... claims) {
    return new Relationship(
        UUID.fromString("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"),
        "HV-9",
        CareForm.MEDICAL,
        first,
        Instant.parse("2025-01-01T00:00:00Z"),
        "test",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        new TreeSet<>(List.of(claims)),
        Optional.empty());
  }
}
