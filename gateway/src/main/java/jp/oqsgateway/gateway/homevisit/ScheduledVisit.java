package jp.oqsgateway.gateway.homevisit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A visit on the home-visit schedule, as the chart system posted it.
 *
 * @param visit the kind of visit and the care form it is judged by ({@link VisitKind#named})
 * @param team the team that visits (the clinic's own name for it, 1–40 characters)
 * @param time the planned time, when the chart gave one
 */
public record ScheduledVisit(
    UUID id,
    String chartPatientId,
    VisitKind.Named visit,
    LocalDate date,
    String team,
    Optional<LocalTime> time,
    Instant createdAt,
    String createdBy) {

  /** A visit to put on the schedule. */
  public record Planned(
      String chartPatientId, VisitKind.Named visit, String team, Optional<LocalTime> time) {

    /** What makes two planned visits of a day the same visit (the time may change). */
    String key() {
      return String.join("|", team, chartPatientId, wire(visit.kind()), visit.careForm().wire());
    }
  }

  /**
   * The kind's name in the API and the database: {@code scheduled}, {@code ojin}, {@code online}.
   */
  public static String wire(VisitKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** The name staff read: the care form's, or 往診, or オンライン診療. */
  public String label() {
    return switch (visit.kind()) {
      case SCHEDULED -> visit.careForm().label();
      case OJIN -> "往診";
      case ONLINE -> "オンライン診療";
    };
  }
}
