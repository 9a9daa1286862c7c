package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./ops/oqsgw eligibility}, the support question answered from the command line with the
 * gateway's own rule (docs/HOME-VISIT.md): each care form, the month edges of the window,
 * continuation by monthly claims, 往診, online care, withdrawal, and bad input named.
 */
class EligibilityCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of("eligibility"));
    all.addAll(List.of(args));
    return Main.run(
        all.toArray(String[]::new),
        Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private JsonObject answer(String... args) {
    int code = run(args);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines()).as("one JSON line").hasSize(1);
    return new JsonObject(printed.strip());
  }

  /**
   * The answer for a visit of {@code care} on {@code on}, first visit {@code first}; more options
   * after.
   */
  private JsonObject visit(String care, String first, String on, String... more) {
    List<String> args =
        new ArrayList<>(List.of("--care", care, "--first-visit", first, "--on", on));
    args.addAll(List.of(more));
    out.reset();
    return answer(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}: first visit {1}, visit on {2} → {3} ({4}, window to {5})")
  @CsvSource({
    // The window: to the end of the month in which three months have passed (civil-code count).
    "訪問診療, 2026-02-15, 2026-05-31, true, within-window, 2026-05-31",
    "訪問診療, 2026-02-15, 2026-06-01, false, claims-missing, 2026-05-31",
    "訪問看護, 2026-06-01, 2026-08-31, true, within-window, 2026-08-31",
    "訪問看護, 2026-06-01, 2026-09-01, false, claims-missing, 2026-08-31",
    "訪問薬剤管理指導, 2026-06-02, 2026-09-30, true, within-window, 2026-09-30",
    "歯科訪問診療, 2026-01-31, 2026-04-30, true, within-window, 2026-04-30",
    "歯科訪問診療, 2026-01-31, 2026-05-01, false, claims-missing, 2026-04-30",
    "訪問リハビリテーション, 2026-11-30, 2027-02-28, true, within-window, 2027-02-28",
    "訪問栄養食事指導, 2027-11-30, 2028-02-29, true, within-window, 2028-02-29",
    "訪問歯科衛生指導, 2028-02-29, 2028-05-31, true, within-window, 2028-05-31",
    "medical, 2026-12-31, 2027-03-31, true, within-window, 2027-03-31",
    // Before the first visit nothing can be re-inquired.
    "訪問診療, 2026-02-15, 2026-02-14, false, before-first-visit, 2026-05-31",
    // A 往診 follows the continuing care; online care never.
    "往診, 2026-02-15, 2026-03-10, true, within-window, 2026-05-31",
    "往診, 2026-02-15, 2026-07-10, false, claims-missing, 2026-05-31",
    "オンライン診療, 2026-02-15, 2026-03-10, false, online-care, 2026-05-31",
  })
  void aVisitIsEligibleExactlyAsTheRuleSays(
      String care, String first, String on, boolean eligible, String reason, String windowEnd) {
    JsonObject a = visit(care, first, on);
    assertThat(a.getBoolean("eligible")).as(a.encode()).isEqualTo(eligible);
    assertThat(a.getString("reason")).isEqualTo(reason);
    assertThat(a.getString("windowEnd")).isEqualTo(windowEnd);
    assertThat(a.getString("message"))
        .as("in Japanese")
        .containsPattern("[\\p{IsHan}\\p{IsHiragana}]");
  }

  @Test
  void pastTheWindowCareContinuesWhileEveryMonthUpToTwoBeforeWasClaimed() {
    // First visit 15 Feb; on 10 Aug the claims of Feb–Jun must be on record (claims-lag-months 2).
    JsonObject all =
        visit(
            "訪問診療",
            "2026-02-15",
            "2026-08-10",
            "--visits",
            "2026-02,2026-03,2026-04,2026-05,2026-06");
    assertThat(all.getBoolean("eligible")).isTrue();
    assertThat(all.getString("reason")).isEqualTo("continuing");
    JsonObject gap =
        visit("訪問診療", "2026-02-15", "2026-08-10", "--visits", "2026-02,2026-03,2026-05,2026-06");
    assertThat(gap.getBoolean("eligible")).isFalse();
    assertThat(gap.getString("missingClaimMonth")).isEqualTo("2026-04");
  }

  @Test
  void aRulesSettingOfTheConfigurationInForceChangesTheAnswer() {
    JsonObject noClaimsNeeded =
        visit(
            "訪問診療",
            "2026-02-15",
            "2026-08-10",
            "--set",
            "home-visit.reinquiry.require-monthly-claims=false");
    assertThat(noClaimsNeeded.getString("reason")).isEqualTo("continuing");
  }

  @Test
  void fromTheDayConsentIsWithdrawnNoReInquiry() {
    JsonObject before = visit("訪問看護", "2026-02-15", "2026-03-09", "--withdrawn", "2026-03-10");
    assertThat(before.getBoolean("eligible")).isTrue();
    JsonObject that = visit("訪問看護", "2026-02-15", "2026-03-10", "--withdrawn", "2026-03-10");
    assertThat(that.getBoolean("eligible")).isFalse();
    assertThat(that.getString("reason")).isEqualTo("consent-withdrawn");
  }

  @Test
  void badInputIsAUsageErrorNamingTheOptionAndTheRule() {
    assertThat(run("--care", "外来", "--first-visit", "2026-02-15", "--on", "2026-03-10"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--care: one of 訪問診療");
    err.reset();
    assertThat(run("--care", "往診", "--first-visit", "2026/02/15", "--on", "2026-03-10"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--first-visit: a date as yyyy-MM-dd, got '2026/02/15'");
    err.reset();
    assertThat(
            run(
                "--care",
                "往診",
                "--first-visit",
                "2026-02-15",
                "--on",
                "2026-03-10",
                "--visits",
                "2026-2"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--visits: months as yyyy-MM");
    assertThat(out.toString(StandardCharsets.UTF_8)).as("nothing printed on stdout").isEmpty();
  }
}
