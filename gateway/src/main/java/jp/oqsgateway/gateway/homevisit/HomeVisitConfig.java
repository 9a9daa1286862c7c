package jp.oqsgateway.gateway.homevisit;

import jp.oqsgateway.gateway.oqs.message.MessageKind;

/**
 * The home-visit re-inquiry: its rules, the file it is sent as, whether card readings use it, and
 * how many days ahead alerts before a visit announce what is about to end.
 */
public record HomeVisitConfig(
    ReinquiryRules rules, MessageKind reinquiryFile, boolean fromCards, int alertNoticeDays) {

  /** The comparison for alerts before a visit, under these rules and notice days. */
  public VisitAlerts visitAlerts() {
    return new VisitAlerts(rules, alertNoticeDays);
  }
}
