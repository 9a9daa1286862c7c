package jp.oqsgateway.gateway.homevisit;

import java.util.List;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the home-visit re-inquiry (docs/HOME-VISIT.md). */
public final class HomeVisitSettings {
  private HomeVisitSettings() {}

  public static final Setting<String> OQS_HOME_VISIT_REINQUIRY_FILE =
      new Setting<>(
          "oqs.home-visit.reinquiry-file",
          "OQSsihvq01",
          "The file a home-visit re-inquiry (再照会) is sent as: OQSsihvq01 (the single 訪問診療等 query"
              + " the connecting app knows) or OQSsiquc01 (the individual check) with"
              + " MedicalTreatmentFlag 2. Both carry the individual check's layout plus"
              + " MedicalTreatmentFlag; the layout is unconfirmed (OQS-PROTOCOL.md §2.7):"
              + " docs/HOME-VISIT.md.",
          Parsers.oneOf("OQSsihvq01", "OQSsiquc01"));
  public static final Setting<Integer> HOME_VISIT_WINDOW_MONTHS =
      new Setting<>(
          "home-visit.reinquiry.window-months",
          "3",
          "Months after the first card-based visit at home during which re-inquiry is allowed, to"
              + " the end of the month in which they have passed (MHLW notice 2024-03-21: 3).",
          Parsers.integer(1, 12));
  public static final Setting<Boolean> HOME_VISIT_REQUIRE_MONTHLY_CLAIMS =
      new Setting<>(
          "home-visit.reinquiry.require-monthly-claims",
          "true",
          "Past the first window, re-inquire only when a claim (レセプト) is recorded for every month"
              + " since the first visit (POST /api/v1/home-visit-relationships/{id}/claims).",
          Parsers.bool());
  public static final Setting<Integer> HOME_VISIT_CLAIMS_LAG_MONTHS =
      new Setting<>(
          "home-visit.reinquiry.claims-lag-months",
          "2",
          "How many months behind a re-inquiry's month the recorded claims must reach (claims are"
              + " reviewed after the month; unconfirmed how late OQS sees them).",
          Parsers.integer(0, 6));
  public static final Setting<Boolean> HOME_VISIT_REINQUIRY_FROM_CARDS =
      new Setting<>(
          "home-visit.reinquiry.from-cards",
          "true",
          "A My Number card read by a reader agent for a patient whose home-visit relationship"
              + " allows it runs the re-inquiry instead of the individual check.",
          Parsers.bool());

  public static final Setting<Integer> HOME_VISIT_ALERT_NOTICE_DAYS =
      new Setting<>(
          "home-visit.alerts.notice-days",
          "7",
          "How many days ahead an alert before a visit announces a consent's expiry (the"
              + " answer's AvailableTime) and the end of the re-inquiry's window or a claim it"
              + " will need (docs/HOME-VISIT.md, alerts before a visit).",
          Parsers.integer(0, 60));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          OQS_HOME_VISIT_REINQUIRY_FILE,
          HOME_VISIT_WINDOW_MONTHS,
          HOME_VISIT_REQUIRE_MONTHLY_CLAIMS,
          HOME_VISIT_CLAIMS_LAG_MONTHS,
          HOME_VISIT_REINQUIRY_FROM_CARDS,
          HOME_VISIT_ALERT_NOTICE_DAYS);

  public static HomeVisitConfig read(ConfigSource src) {
    return new HomeVisitConfig(
        new ReinquiryRules(
            src.get(HOME_VISIT_WINDOW_MONTHS),
            src.get(HOME_VISIT_REQUIRE_MONTHLY_CLAIMS),
            src.get(HOME_VISIT_CLAIMS_LAG_MONTHS)),
        src.get(OQS_HOME_VISIT_REINQUIRY_FILE).equals("OQSsiquc01")
            ? MessageKind.OQS_SIQUC01_REQ
            : MessageKind.OQS_SIHVQ01_REQ,
        src.get(HOME_VISIT_REINQUIRY_FROM_CARDS),
        src.get(HOME_VISIT_ALERT_NOTICE_DAYS));
  }
}
