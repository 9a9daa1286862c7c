package jp.oqsgateway.gateway.homevisit;

import java.util.Map;
import java.util.Optional;

/**
 * What kind of visit a re-inquiry would be for (MHLW notice 2024-03-21, 第2): scheduled care at home
 * under the relationship ({@link CareForm}), an unscheduled 往診, or online care. A 往診 may use the
 * re-inquiry only while the clinic gives the patient continuing home-visit care, so it is judged by
 * that relationship; online care (オンライン診療等, オンライン服薬指導) never may: its qualification is confirmed at
 * every consultation, as at the outpatient desk.
 */
public enum VisitKind {
  SCHEDULED,
  OJIN,
  ONLINE;

  /**
   * The names staff and the command line use, Japanese or the API's, to the kind of visit and, for
   * scheduled care, its form.
   */
  private static final Map<String, Named> NAMES =
      Map.ofEntries(
          Map.entry("訪問診療", new Named(SCHEDULED, CareForm.MEDICAL)),
          Map.entry("歯科訪問診療", new Named(SCHEDULED, CareForm.DENTAL)),
          Map.entry("訪問歯科診療", new Named(SCHEDULED, CareForm.DENTAL)),
          Map.entry("訪問看護", new Named(SCHEDULED, CareForm.NURSING)),
          Map.entry("訪問薬剤管理指導", new Named(SCHEDULED, CareForm.PHARMACY)),
          Map.entry("訪問服薬指導", new Named(SCHEDULED, CareForm.PHARMACY)),
          Map.entry("訪問リハビリテーション", new Named(SCHEDULED, CareForm.REHABILITATION)),
          Map.entry("訪問栄養食事指導", new Named(SCHEDULED, CareForm.NUTRITION)),
          Map.entry("訪問歯科衛生指導", new Named(SCHEDULED, CareForm.DENTAL_HYGIENE)),
          Map.entry("往診", new Named(OJIN, CareForm.MEDICAL)),
          Map.entry("ojin", new Named(OJIN, CareForm.MEDICAL)),
          Map.entry("オンライン診療", new Named(ONLINE, CareForm.MEDICAL)),
          Map.entry("オンライン診療等", new Named(ONLINE, CareForm.MEDICAL)),
          Map.entry("オンライン服薬指導", new Named(ONLINE, CareForm.PHARMACY)),
          Map.entry("online", new Named(ONLINE, CareForm.MEDICAL)));

  /**
   * A visit as named: its kind and the care form of the relationship it is judged by (for a 往診 and
   * online care, the form their continuing care would have).
   */
  public record Named(VisitKind kind, CareForm careForm) {}

  /** The visit a name stands for: a Japanese name above or a care form's API name. */
  public static Optional<Named> named(String name) {
    Named n = NAMES.get(name);
    if (n != null) {
      return Optional.of(n);
    }
    return CareForm.fromWire(name).map(f -> new Named(SCHEDULED, f));
  }
}
