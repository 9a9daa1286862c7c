package jp.oqsgateway.gateway.homevisit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A continuing home-visit relationship (継続的な関係) between the clinic and a chart patient: it starts
 * with the first visit, where the patient's qualification was confirmed at home with the My Number
 * card (居宅同意取得型, through the official app or マイナ在宅受付Web), and lasts until the clinic ends it
 * ({@code endedOn}, its last day of care). The months the clinic claimed (レセプト) are recorded
 * because continuing the re-inquiry beyond its first window depends on them.
 *
 * @param firstVisitDate the day of the card-based confirmation at home that opened the current
 *     re-inquiry window (a new confirmation at home replaces it)
 * @param refusedAt when OQS last refused a re-inquiry under this relationship (its answer is
 *     authoritative: no re-inquiry is sent again until a new first visit is recorded)
 * @param refusal OQS's processing code and message of that refusal (no patient data)
 * @param consentWithdrawal the patient's consent withdrawn (by the patient, the institution, or at
 *     the end of care): from that day no re-inquiry and no information retrieval under it
 */
public record Relationship(
    UUID id,
    String chartPatientId,
    CareForm careForm,
    LocalDate firstVisitDate,
    Instant createdAt,
    String createdBy,
    Optional<LocalDate> endedOn,
    Optional<String> endReason,
    Optional<Instant> refusedAt,
    Optional<String> refusal,
    SortedSet<YearMonth> claimMonths,
    Optional<ConsentWithdrawal> consentWithdrawal) {

  public Relationship {
    claimMonths = new TreeSet<>(claimMonths);
  }

  /** Whether the consent under it was withdrawn on or before that day. */
  public boolean consentWithdrawnBy(LocalDate day) {
    return consentWithdrawal.map(w -> !day.isBefore(w.on())).orElse(false);
  }

  /**
   * Whether the relationship had ended before that day ({@code endedOn} is its last day of care).
   */
  public boolean endedBefore(LocalDate day) {
    return endedOn.map(day::isAfter).orElse(false);
  }

  public boolean active() {
    return endedOn.isEmpty();
  }
}
