package jp.oqsgateway.gateway.homevisit;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jp.oqsgateway.gateway.homevisit.VisitAlert.Item;
import jp.oqsgateway.gateway.homevisit.VisitAlert.Kind;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.message.Consent;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.qualification.diff.ChartInsuranceRecord;
import jp.oqsgateway.gateway.qualification.diff.DiffReport;
import jp.oqsgateway.gateway.qualification.diff.Fields;
import jp.oqsgateway.gateway.qualification.diff.InsuranceDiff;
import jp.oqsgateway.gateway.qualification.diff.LossGuidance;
import jp.oqsgateway.gateway.qualification.diff.Severity;

/**
 * What changed between the last known answer and a new one, by the chart diff's own rules: the last
 * known answer is read as the record a chart would hold after applying it ({@link InsuranceDiff}'s
 * proposal on an empty record), and the new answer is compared with that record. A cosmetic
 * difference never matters; absent in OQS is unknown, never a change. Consents are compared kind by
 * kind, with the expiry ({@code AvailableTime}) of the new answer.
 */
final class AnswerChanges {
  private static final ChartInsuranceRecord NOTHING_KNOWN = ChartInsuranceRecord.builder().build();

  /** The consents by the name alerts give them. */
  private static final Map<String, Function<QualificationResult, Optional<Consent<ConsentFlag>>>>
      CONSENTS =
          Map.of(
              "drug", QualificationResult::pharmacistsInfoConsent,
              "clinical", QualificationResult::diagnosisInfoConsent,
              "health-check", QualificationResult::specificHealthCheckupsInfoConsent,
              "surgery", QualificationResult::operationInfoConsent,
              "specific-disease", QualificationResult::specificDiseasesCertificateConsent);

  private AnswerChanges() {}

  /** The qualification's changes that matter: lost, insurer, copay ratio, 限度額 category. */
  static List<Item> qualification(
      QualificationResultMessage before, QualificationResultMessage after, LocalDate day) {
    DiffReport known = InsuranceDiff.compare(NOTHING_KNOWN, before, day);
    DiffReport now = InsuranceDiff.compare(known.proposal().record(), after, day);
    List<Item> items = new ArrayList<>();
    if (blocking(now, Fields.QUALIFICATION)) {
      if (!blocking(known, Fields.QUALIFICATION)) {
        items.add(lost(after));
      }
      return items;
    }
    if (matters(now, Fields.INSURER_NUMBER)) {
      items.add(Item.of(Kind.INSURER_CHANGED));
    }
    if (matters(now, Fields.COPAY_RATIO) || matters(now, Fields.ELDERLY_RECIPIENT_RATIO)) {
      items.add(Item.of(Kind.COPAY_CHANGED));
    }
    if (matters(now, Fields.LIMIT_CATEGORY)) {
      items.add(Item.of(Kind.LIMIT_CATEGORY_CHANGED));
    }
    return items;
  }

  /**
   * Consents that ended since the last known answer (flag 1 then, 0 or 2 now) and consents of the
   * new answer that expire within {@code noticeDays} of {@code day}. The 限度額 consent is not among
   * them: it is the patient's choice at each check, and a re-inquiry never asks it (ReinquiryPlan),
   * so its absence tonight says nothing about a consent given at the desk.
   */
  static List<Item> consents(
      Optional<QualificationResultMessage> before,
      QualificationResultMessage after,
      LocalDate day,
      int noticeDays) {
    List<Item> items = new ArrayList<>();
    Optional<QualificationResult> now = single(after);
    if (now.isEmpty()) {
      return items;
    }
    Optional<QualificationResult> then = before.flatMap(AnswerChanges::single);
    CONSENTS.keySet().stream()
        .sorted()
        .forEach(
            name -> {
              var get = CONSENTS.get(name);
              Optional<Consent<ConsentFlag>> c = get.apply(now.get());
              boolean wasGiven =
                  then.flatMap(get).filter(x -> x.flag().is(ConsentFlag.CONSENTED)).isPresent();
              if (c.isPresent() && !c.get().flag().is(ConsentFlag.CONSENTED) && wasGiven) {
                items.add(Item.of(Kind.CONSENT_WITHDRAWN, Map.of("consent", name)));
              }
              c.filter(x -> x.flag().is(ConsentFlag.CONSENTED))
                  .flatMap(Consent::availableTime)
                  .filter(t -> expiresWithin(t, day, noticeDays))
                  .ifPresent(
                      t -> items.add(Item.of(Kind.CONSENT_EXPIRING, Map.of("consent", name))));
            });
    return items;
  }

  private static boolean expiresWithin(LocalDateTime t, LocalDate day, int noticeDays) {
    LocalDate last = t.toLocalDate();
    return !last.isBefore(day) && !last.isAfter(day.plusDays(noticeDays));
  }

  private static Item lost(QualificationResultMessage after) {
    boolean other =
        single(after).map(r -> LossGuidance.otherReason(r.reasonOfLoss())).orElse(false);
    Kind k = Kind.QUALIFICATION_LOST;
    return other
        ? new Item(
            k,
            k.ja() + LossGuidance.OTHER_REASON_JA,
            k.en() + " " + LossGuidance.OTHER_REASON_EN,
            Map.of("reasonOfLoss", "other"))
        : Item.of(k);
  }

  private static Optional<QualificationResult> single(QualificationResultMessage m) {
    return m.results().size() == 1 ? Optional.of(m.results().get(0)) : Optional.empty();
  }

  private static boolean blocking(DiffReport r, String field) {
    return r.on(field).stream().anyMatch(d -> d.severity() == Severity.BLOCKING);
  }

  private static boolean matters(DiffReport r, String field) {
    return r.on(field).stream().anyMatch(d -> d.severity() != Severity.COSMETIC);
  }
}
