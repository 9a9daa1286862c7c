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
   * The names besides a care form's own ({@link CareForm#label()}, {@link CareForm#wire()}): other
   * spellings staff use, 往診 and online care.
   */
  private static final Map<String, Named> OTHER_NAMES =
      Map.of(
          "歯科訪問診療", new Named(SCHEDULED, CareForm.DENTAL),
          "訪問服薬指導", new Named(SCHEDULED, CareForm.PHARMACY),
          "往診", new Named(OJIN, CareForm.MEDICAL),
          "ojin", new Named(OJIN, CareForm.MEDICAL),
          "オンライン診療", new Named(ONLINE, CareForm.MEDICAL),
          "オンライン診療等", new Named(ONLINE, CareForm.MEDICAL),
          "オンライン服薬指導", new Named(ONLINE, CareForm.PHARMACY),
          "online", new Named(ONLINE, CareForm.MEDICAL));

  /**
   * A visit as named: its kind and the care form of the relationship it is judged by (for a 往診 and
   * online care, the form their continuing care would have).
   */
  public record Named(VisitKind kind, CareForm careForm) {}

  /** The visit a name stands for: a care form's Japanese or API name, or one of the others. */
  public static Optional<Named> named(String name) {
    for (CareForm f : CareForm.values()) {
      if (f.label().equals(name) || f.wire().equals(name)) {
        return Optional.of(new Named(SCHEDULED, f));
      }
    }
    return Optional.ofNullable(OTHER_NAMES.get(name));
  }
}
