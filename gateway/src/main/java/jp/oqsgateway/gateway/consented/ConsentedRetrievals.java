package jp.oqsgateway.gateway.consented;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.consented.ConsentedQuery.SearchBy;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.bulk.BulkExchange;
import jp.oqsgateway.gateway.oqs.bulk.BulkOutcome;
import jp.oqsgateway.gateway.oqs.bulk.PhaseRecorder;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.oqs.message.ConsentedBulkRequest;

/**
 * Fetches the qualifications OQS holds for patients who consented to home-visit or online care, and
 * the 医療扶助 tickets of a month (docs/OQS-PROTOCOL.md §2.6: {@code OQSmuhvq}, {@code OQSmuonq},
 * {@code OQSmutic}) through the generic two-phase {@link BulkExchange}. It checks the range and
 * builds the request; it neither stores nor matches what comes back: the typed units ({@link
 * BulkResult#units()}: ReferenceNumber, QualificationValidity, processing status, one or more
 * ResultOfQualificationConfirmation with their consent flags) go to the caller.
 *
 * <p>Dates are Japan's (OQS's dates are; §4.3), whatever the clock's zone.
 */
public final class ConsentedRetrievals {
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  private final BulkExchange bulk;
  private final String institutionCode;
  private final ConsentedConfig config;
  private final Clock clock;

  public ConsentedRetrievals(
      BulkExchange bulk, String institutionCode, ConsentedConfig config, Clock clock) {
    this.bulk = bulk;
    this.institutionCode = institutionCode;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The nightly range: consents (or, online, consents too) from {@code oqs.consented.default-days}
   * days before today to today; 医療扶助: this month.
   */
  public ConsentedQuery defaultQuery(ConsentedForm form) {
    LocalDate today = LocalDate.now(clock.withZone(JAPAN));
    return switch (form) {
      case HOME_VISIT -> ConsentedQuery.homeVisit(today.minusDays(config.defaultDays()), today);
      case ONLINE -> ConsentedQuery.onlineByConsent(today.minusDays(config.defaultDays()), today);
      case MEDICAL_AID -> ConsentedQuery.medicalAid(YearMonth.from(today));
    };
  }

  /**
   * Why the query cannot be sent, naming the field ({@code by}, {@code from}, {@code to}, {@code
   * month}): a search the form does not have, a missing end, from after to, a day or month after
   * today in Japan, a range longer than {@code oqs.consented.max-span-days}; or the institution
   * code not set. Empty when it can.
   */
  public Optional<Rejection> validate(ConsentedQuery q) {
    if (institutionCode.isEmpty()) {
      return Optional.of(Rejection.noInstitutionCode("Retrieval unavailable"));
    }
    boolean fits =
        switch (q.form()) {
          case HOME_VISIT -> q.by() == SearchBy.CONSENT_DATE;
          case ONLINE -> q.by() == SearchBy.CONSENT_DATE || q.by() == SearchBy.EXAMINATION_DATE;
          case MEDICAL_AID -> q.by() == SearchBy.TREATMENT_MONTH;
        };
    if (!fits) {
      return invalid("by", q.form() + " is not searched by " + q.by());
    }
    if (q.from() == null) {
      return invalid(q.by() == SearchBy.TREATMENT_MONTH ? "month" : "from", "is required");
    }
    LocalDate today = LocalDate.now(clock.withZone(JAPAN));
    if (q.by() == SearchBy.TREATMENT_MONTH) {
      return q.month().isAfter(YearMonth.from(today))
          ? invalid("month", q.month() + " is after this month (" + YearMonth.from(today) + ")")
          : Optional.empty();
    }
    if (q.to() == null) {
      return invalid("to", "is required");
    }
    if (q.from().isAfter(q.to())) {
      return invalid("from", q.from() + " is after to (" + q.to() + ")");
    }
    if (q.to().isAfter(today)) {
      return invalid("to", q.to() + " is in the future (today is " + today + " in Japan)");
    }
    long days = ChronoUnit.DAYS.between(q.from(), q.to()) + 1;
    if (days > config.maxSpanDays()) {
      return invalid(
          "from",
          "the range spans "
              + days
              + " days; at most "
              + config.maxSpanDays()
              + " (oqs.consented.max-span-days)");
    }
    return Optional.empty();
  }

  /**
   * Sends the query's upload and follows both phases (each phase's exchange handed to {@code
   * recorder} before it is followed); fails with the {@link Rejection} of {@link #validate} when
   * the query cannot be sent, else succeeds with the result or a {@link
   * jp.oqsgateway.gateway.oqs.bulk.BulkFailure}.
   */
  public Future<BulkOutcome<BulkResult>> fetch(ConsentedQuery q, PhaseRecorder recorder) {
    Optional<Rejection> refused = validate(q);
    if (refused.isPresent()) {
      return Future.failedFuture(refused.get());
    }
    return bulk.run(q.form().family(), request(q, institutionCode), recorder);
  }

  /** Takes up a recorded upload of {@code form} after a restart (see {@link BulkExchange}). */
  public Future<BulkOutcome<BulkResult>> followUpload(
      ConsentedForm form, UUID uploadExchangeId, PhaseRecorder recorder) {
    return bulk.followUpload(form.family(), uploadExchangeId, recorder);
  }

  /** Takes up a recorded download of {@code form} after a restart. */
  public Future<BulkOutcome<BulkResult>> followDownload(
      ConsentedForm form, UUID downloadExchangeId) {
    return bulk.followDownload(form.family(), downloadExchangeId);
  }

  /** The upload request of a (valid) query: exactly the elements §2.6 lists for its form. */
  static ConsentedBulkRequest request(ConsentedQuery q, String institutionCode) {
    boolean consent = q.by() == SearchBy.CONSENT_DATE;
    boolean examination = q.by() == SearchBy.EXAMINATION_DATE;
    return new ConsentedBulkRequest(
        q.form().family().uploadRequest(),
        institutionCode,
        Optional.empty(),
        consent ? Optional.of(q.from()) : Optional.empty(),
        consent ? Optional.of(q.to()) : Optional.empty(),
        examination ? Optional.of(q.from()) : Optional.empty(),
        examination ? Optional.of(q.to()) : Optional.empty(),
        q.by() == SearchBy.TREATMENT_MONTH ? Optional.of(q.month()) : Optional.empty(),
        q.form().flag().map(Coded::of),
        List.of());
  }

  private static Optional<Rejection> invalid(String field, String rule) {
    return Optional.of(Rejection.invalid(field, rule));
  }
}
