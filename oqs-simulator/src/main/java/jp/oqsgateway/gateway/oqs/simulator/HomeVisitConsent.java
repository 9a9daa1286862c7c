package jp.oqsgateway.gateway.oqs.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Set;

/**
 * A consent as マイナ在宅受付Web leaves it on the OQS server: captured on {@code date} at the patient's
 * home (or for online care), for the items in {@code scope}, until withdrawn.
 *
 * <p>Viewing window (OQS-PROTOCOL.md §4.5, MHLW notice 2024-03-21 第2): "初回訪問から、3か月を経過する日の属する
 * 月の末日まで". Three months have passed on the day before the same date three months later (civil code
 * counting), so the window ends at 23:59:59 on the last day of the month containing {@code date + 3
 * months − 1 day}: 15 Feb → 31 May, 1 Jun → 31 Aug, 2 Jun → 30 Sep. Sample 6's 1 Jun → 31 Aug
 * agrees. Online care uses the same rule here [U: no source gives its window]. The continuation
 * beyond the window (claims in every month) is not simulated: after the window the flags are 2.
 */
public record HomeVisitConsent(
    String personId,
    CareMode mode,
    LocalDate date,
    Set<ConsentScope> scope,
    Instant recordedAt,
    Instant withdrawnAt) {

  public HomeVisitConsent {
    scope = Set.copyOf(scope);
  }

  /** The consent time written in …ConsTime: the recorded instant, or 10:00 on the date. */
  public LocalDateTime consentTime() {
    LocalDateTime recorded =
        recordedAt == null ? null : LocalDateTime.ofInstant(recordedAt, OqsDates.JST);
    if (recorded != null && recorded.toLocalDate().equals(date)) {
      return recorded.withNano(0);
    }
    return LocalDateTime.of(date, LocalTime.of(10, 0));
  }

  /** The last moment of the viewing window (…AvailableTime). */
  public LocalDateTime availableUntil() {
    return windowEnd(date);
  }

  public static LocalDateTime windowEnd(LocalDate consentDate) {
    LocalDate passed = consentDate.plusMonths(3).minusDays(1);
    return LocalDateTime.of(
        passed.withDayOfMonth(passed.lengthOfMonth()), LocalTime.of(23, 59, 59));
  }

  public boolean withdrawn() {
    return withdrawnAt != null;
  }

  /** Whether the window has closed at that moment (flag 2 = 同意有効期限切れ). */
  public boolean expiredAt(Instant now) {
    return LocalDateTime.ofInstant(now, OqsDates.JST).isAfter(availableUntil());
  }
}
