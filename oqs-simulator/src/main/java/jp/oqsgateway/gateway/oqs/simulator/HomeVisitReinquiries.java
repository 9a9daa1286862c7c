package jp.oqsgateway.gateway.oqs.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.simulator.CardNumberChecks.SingleQuery;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Consents;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Match;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * The home-visit re-inquiry (再照会, 居宅同意取得型; OQS-PROTOCOL.md §2.7, §4.5; MHLW notice 2024-03-21 第2):
 * a single card-number check whose search carries MedicalTreatmentFlag {@code 2} (訪問診療等), sent as
 * {@code OQSsihvq01req} or as {@code OQSsiquc01req}. The real layout and the real answers are
 * unconfirmed (§6 item 3); what follows is the <b>simulator's choice</b>, built on the confirmed
 * facts (re-inquiry only within a continuing relationship, on the basis of the first visit's
 * consent, until withdrawn; window from the first visit to the end of the month in which three
 * months have passed):
 *
 * <ol>
 *   <li>A request missing a mandatory item, or an {@code OQSsihvq01req} whose flag is not 2, is
 *       answered as the single check answers an incomplete request (SegmentOfResult 9, {@code
 *       SIM9001}).
 *   <li>The numbers are looked up as of QualificationConfirmationDate exactly as the single check
 *       does. No match, or matches of several persons (no one consent can apply), is answered as
 *       the single check answers it (QualificationValidity 4 or 5, 限度額 flag only).
 *   <li>Numbers of a qualification the person lost while holding a new one on that date (the single
 *       check's QualificationValidity 3, e.g. after a change of insurer) find the new one: the
 *       re-inquiry asks for the consented person's latest qualification (「最新の資格情報等」, MHLW notice
 *       2024-03-21 第2 ※6), so the answer is about the qualification in force, as the single check
 *       would answer its numbers.
 *   <li>One person without a home-visit consent (マイナ在宅受付Web, {@link CareMode#HOME_VISIT}), with a
 *       withdrawn one, or with one given after the date asked about: processing error, status 2,
 *       {@value SimulatedErrors#NO_HOME_VISIT_CONSENT} 「{@value
 *       SimulatedErrors#MSG_NO_HOME_VISIT_CONSENT}」.
 *   <li>The consent's window has closed ({@link HomeVisitConsent#expiredAt}), or the date asked
 *       about lies after it: processing error, status 2, {@value
 *       SimulatedErrors#HOME_VISIT_CONSENT_EXPIRED} 「{@value
 *       SimulatedErrors#MSG_HOME_VISIT_CONSENT_EXPIRED}」. The continuation beyond the window
 *       (claims in every month) is not simulated.
 *   <li>Otherwise the single check's answer (SegmentOfResult 1, ReferenceClassification 2,
 *       QualificationValidity, the search block echoed) whose results carry the consent's flags as
 *       the bulk {@code OQSmuhvq} retrieval gives them (1 with ConsTime and AvailableTime = the
 *       window's end for the consented items, 0 for the others), the 限度額 flag the request sent, and
 *       the person's 照会番号 when one is registered.
 * </ol>
 */
final class HomeVisitReinquiries {
  private static final String REINQUIRY_KIND = "OQSsihvq01";
  private static final String SINGLE_CHECK_KIND = "OQSsiquc01";

  private final StateStore store;
  private final CardNumberChecks checks;
  private final ResultHeaders headers;

  HomeVisitReinquiries(StateStore store, CardNumberChecks checks, ResultHeaders headers) {
    this.store = store;
    this.checks = checks;
    this.headers = headers;
  }

  /**
   * Whether a request of this kind is a re-inquiry: every {@code OQSsihvq01req}, and an {@code
   * OQSsiquc01req} whose search carries MedicalTreatmentFlag 2. Other flags on {@code OQSsiquc01}
   * are ordinary single checks.
   */
  static boolean asks(String kind, XmlElement root) {
    return kind.equals(REINQUIRY_KIND) || (kind.equals(SINGLE_CHECK_KIND) && homeVisitFlag(root));
  }

  XmlElement answer(XmlElement root, Instant now) {
    Optional<SingleQuery> query = checks.query(root);
    if (query.isEmpty() || !homeVisitFlag(root)) {
      return headers.invalidRequest(root, now);
    }
    SingleQuery q = query.get();
    Consents limit = CardNumberChecks.limitOnly(q.search(), now);
    Optional<SimulatedPerson> person = onePerson(q);
    if (person.isEmpty()) {
      return checks.answer(q, now, limit, null);
    }
    SimulatorState state = store.read();
    String id = person.get().id();
    HomeVisitConsent c = state.consents.get(SimulatorState.consentKey(id, CareMode.HOME_VISIT));
    LocalDate asked = q.asOf();
    if (c == null || c.withdrawn() || c.date().isAfter(asked)) {
      return checks.refused(
          q, now, SimulatedErrors.NO_HOME_VISIT_CONSENT, SimulatedErrors.MSG_NO_HOME_VISIT_CONSENT);
    }
    if (c.expiredAt(now) || asked.isAfter(c.availableUntil().toLocalDate())) {
      return checks.refused(
          q,
          now,
          SimulatedErrors.HOME_VISIT_CONSENT_EXPIRED,
          SimulatedErrors.MSG_HOME_VISIT_CONSENT_EXPIRED);
    }
    return checks.answer(
        latest(q, person.get()),
        now,
        Consents.of(c, person.get(), now).withLimitOf(limit),
        state.referenceNumbers.get(id));
  }

  /**
   * The query about the qualification {@code p} holds on the date asked when the numbers found one
   * lost while a new one is in force (validity 3); otherwise {@code q} as it is.
   */
  private SingleQuery latest(SingleQuery q, SimulatedPerson p) {
    if (!"3".equals(q.lookup().validity())) {
      return q;
    }
    return p.coverageOn(q.asOf()).map(c -> checks.lookupOf(q, p, c)).orElse(q);
  }

  /** The one person the numbers found (whatever the number of their qualifications), if one. */
  private static Optional<SimulatedPerson> onePerson(SingleQuery q) {
    List<Match> matches = q.lookup().matches();
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    SimulatedPerson first = matches.get(0).person();
    return matches.stream().allMatch(m -> m.person().id().equals(first.id()))
        ? Optional.of(first)
        : Optional.empty();
  }

  private static boolean homeVisitFlag(XmlElement root) {
    return root.at("MessageBody", "QualificationConfirmSearchInfo", "MedicalTreatmentFlag")
        .map(XmlElement::trimmedText)
        .filter(CareMode.HOME_VISIT.medicalTreatmentFlag()::equals)
        .isPresent();
  }
}
