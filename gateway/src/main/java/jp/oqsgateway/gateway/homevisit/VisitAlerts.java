package jp.oqsgateway.gateway.homevisit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jp.oqsgateway.gateway.homevisit.VisitAlert.Item;
import jp.oqsgateway.gateway.homevisit.VisitAlert.Kind;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;

/**
 * What matters before a visit (docs/HOME-VISIT.md, "Alerts before a visit"): the last known
 * qualification compared with tonight's answer, and the relationship judged by the re-inquiry rules
 * on the visit's day and {@code noticeDays} later. One alert per patient listing every item, or
 * none when nothing matters. Pure: no I/O, no logging (the inputs are patient data).
 */
public final class VisitAlerts {
  private final ReinquiryRules rules;
  private final int noticeDays;

  /**
   * @param noticeDays how far ahead a consent's expiry and the end of the re-inquiry's window are
   *     announced ({@code home-visit.alerts.notice-days})
   */
  public VisitAlerts(ReinquiryRules rules, int noticeDays) {
    if (noticeDays < 0) {
      throw new IllegalArgumentException("noticeDays ≥ 0");
    }
    this.rules = rules;
    this.noticeDays = noticeDays;
  }

  /**
   * The alert for one patient's visit on {@code day}, empty when nothing matters.
   *
   * @param relationship the relationship the visit is judged by (see {@link HomeVisits#decide})
   * @param lastKnown the patient's last known answer before the re-inquiry, when there is one
   * @param answer the re-inquiry's answer; empty when none was sent (not eligible) or it failed
   */
  public Optional<VisitAlert> compare(
      String chartPatientId,
      LocalDate day,
      Optional<Relationship> relationship,
      Optional<QualificationResultMessage> lastKnown,
      Optional<QualificationResultMessage> answer) {
    List<Item> items = new ArrayList<>();
    if (answer.isPresent()) {
      lastKnown.ifPresent(
          before -> items.addAll(AnswerChanges.qualification(before, answer.get(), day)));
      items.addAll(AnswerChanges.consents(lastKnown, answer.get(), day, noticeDays));
    }
    relationship.ifPresent(r -> items.addAll(relationshipItems(r, day)));
    return items.isEmpty()
        ? Optional.empty()
        : Optional.of(
            new VisitAlert(chartPatientId, day, relationship.map(Relationship::id), items));
  }

  /**
   * The window closing within the notice days with nothing to continue it ({@code window-ending}),
   * or a claim needed now or within the notice days and not recorded ({@code claims-missing}).
   */
  private List<Item> relationshipItems(Relationship r, LocalDate day) {
    Eligibility now = rules.on(r, day);
    Eligibility later = rules.on(r, day.plusDays(noticeDays));
    if (now.reason() == Eligibility.Reason.CLAIMS_MISSING) {
      return List.of(Item.of(Kind.CLAIMS_MISSING, missing(now)));
    }
    if (!now.eligible() || later.eligible() || later.reason() == Eligibility.Reason.ENDED) {
      return List.of();
    }
    if (now.reason() == Eligibility.Reason.WITHIN_WINDOW) {
      Map<String, String> facts = missing(later);
      facts.put("windowEnd", now.windowEnd().toString());
      facts.put("reasonAfter", later.reason().wire());
      return List.of(Item.of(Kind.WINDOW_ENDING, facts));
    }
    return later.reason() == Eligibility.Reason.CLAIMS_MISSING
        ? List.of(Item.of(Kind.CLAIMS_MISSING, missing(later)))
        : List.of();
  }

  private static Map<String, String> missing(Eligibility e) {
    Map<String, String> facts = new TreeMap<>();
    e.missingClaim().ifPresent(m -> facts.put("missingClaimMonth", m.toString()));
    return facts;
  }
}
