package jp.oqsgateway.gateway.qualification;

import java.time.Duration;
import java.util.List;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of qualification checks: how long a check waits, staleness, fallback, the face desk. */
public final class QualificationSettings {
  private QualificationSettings() {}

  public static final Setting<Duration> API_CHECK_WAIT =
      new Setting<>(
          "api.check-wait",
          "20s",
          "How long POST /api/v1/qualification-checks waits for the terminal's answer before it"
              + " answers 202 (callers may pass ?wait=). Longer than oqs.link.pickup-threshold, so a"
              + " check made just after the link program stopped still gets the stale answer in time.",
          Parsers.duration());
  public static final Setting<Duration> QUALIFICATION_FRESH_FOR =
      new Setting<>(
          "qualification.fresh-for",
          "24h",
          "How old the latest qualification of a patient may be before GET"
              + " /api/v1/patients/{id}/qualification marks it stale=true (ageSeconds is always"
              + " given).",
          Parsers.duration());
  public static final Setting<Boolean> OQS_REFERENCE_NUMBER_AUTO_REGISTER =
      new Setting<>(
          "oqs.reference-number.auto-register",
          "false",
          "Register the chart patient id as 照会番号 (OQSsiimm01) automatically when a qualification is"
              + " newly linked to the patient, once per link.",
          Parsers.bool());
  public static final Setting<Boolean> QUALIFICATION_STALE_FALLBACK =
      new Setting<>(
          "qualification.stale-fallback",
          "true",
          "While the terminal's link is down (a request not picked up within"
              + " oqs.link.pickup-threshold), answer checks with the last known qualification of the"
              + " same patient marked stale (200, state STALE_QUEUED, guidance for staff; 503 when"
              + " none is known) and re-run them once when the link is up again.",
          Parsers.bool());
  public static final Setting<String> OQS_FACE_READER_DESK =
      new Setting<>(
          "oqs.face-reader.desk",
          "",
          "The reception desk where the terminal's face-auth card reader stands (e.g. uketsuke-1):"
              + " card checks from face/ carry it as their desk. Empty: no desk.",
          raw -> {
            String s = raw.trim();
            if (!s.isEmpty() && !s.matches("[A-Za-z0-9._-]{1,40}")) {
              throw new IllegalArgumentException(
                  "must be 1-40 letters, digits, '.', '_' or '-', got '" + s + "'");
            }
            return s;
          });

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          API_CHECK_WAIT,
          QUALIFICATION_FRESH_FOR,
          OQS_REFERENCE_NUMBER_AUTO_REGISTER,
          QUALIFICATION_STALE_FALLBACK,
          OQS_FACE_READER_DESK);
}
